/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and server-only packages stay plain Node requires, shared with the custom server.
  serverExternalPackages: ['chdb', '@clickhouse/client', 'bullmq', 'ioredis', 'socket.io', '@socket.io/redis-adapter', '@socket.io/redis-emitter', '@node-rs/argon2'],
  poweredByHeader: false,
  reactStrictMode: true,
  // `npm test` typechecks the whole project with tsc; the build need not do it again.
  typescript: { ignoreBuildErrors: true },
}
module.exports = nextConfig
