// Landwerk's self-hosted Unleash server: the flag source of the scale-out setup.
// Configuration from the environment (see docs/deploy.md):
//   UNLEASH_DATABASE_URL     postgres://postgres@127.0.0.1:5432/landwerk_unleash
//   UNLEASH_PORT             4242; it listens on 127.0.0.1 only (UNLEASH_HOST to change that)
//   INIT_ADMIN_API_TOKENS    '*:*.<secret>'                  (only read while no token exists)
//   INIT_BACKEND_API_TOKENS  'default:development.<secret>'
// Unleash itself stops gracefully on SIGTERM, SIGINT and SIGHUP.
import { start } from 'unleash-server';

// No calls home from a municipal server.
process.env.SEND_TELEMETRY ??= 'false';
process.env.CHECK_VERSION ??= 'false';

await start({
  databaseUrl:
    process.env.UNLEASH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/landwerk_unleash',
  db: { ssl: false },
  server: {
    host: process.env.UNLEASH_HOST ?? '127.0.0.1',
    port: Number(process.env.UNLEASH_PORT ?? 4242),
  },
});
