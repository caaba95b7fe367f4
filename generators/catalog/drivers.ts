/**
 * Drivers that need a service running beside the app, by distribution (normalised name): the
 * one table `add` reads to name a found app's services (detect) and CI to start them (the ci
 * add-on's service containers).
 */
export type ServiceId = 'postgres' | 'mysql' | 'redis' | 'mongodb';

export const DRIVERS: Record<string, ServiceId> = {
  psycopg: 'postgres',
  'psycopg-binary': 'postgres',
  psycopg2: 'postgres',
  'psycopg2-binary': 'postgres',
  asyncpg: 'postgres',
  pg8000: 'postgres',
  redis: 'redis',
  aioredis: 'redis',
  hiredis: 'redis',
  valkey: 'redis',
  pymysql: 'mysql',
  mysqlclient: 'mysql',
  aiomysql: 'mysql',
  asyncmy: 'mysql',
  'mysql-connector-python': 'mysql',
  pymongo: 'mongodb',
  motor: 'mongodb',
};
