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

// Unleash migrates its database with db-migrate, which installs process-wide handlers that exit
// on any unhandled promise rejection. Unleash logs such rejections itself, and some of its
// background listeners do reject (7.5.1: the feature-lifecycle insert for a flag that was just
// archived fails its foreign key), which would take the whole flag server down. So the
// handlers installed while starting that exit the process are removed again once it runs.
const exitingHandlers = (event, before) =>
  process.listeners(event).filter((listener) => !before.includes(listener) && /process\.exit\(/.test(String(listener)));
const before = {
  unhandledRejection: process.listeners('unhandledRejection'),
  uncaughtException: process.listeners('uncaughtException'),
};

await start({
  databaseUrl:
    process.env.UNLEASH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/landwerk_unleash',
  db: { ssl: false },
  server: {
    host: process.env.UNLEASH_HOST ?? '127.0.0.1',
    port: Number(process.env.UNLEASH_PORT ?? 4242),
  },
});

for (const [event, listeners] of Object.entries(before)) {
  for (const listener of exitingHandlers(event, listeners)) process.removeListener(event, listener);
}
