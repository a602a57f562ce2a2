'use strict';
// The roster of the product's processes (tools/services.json) and the wiring every launcher
// derives from it (npm start, the e2e stack, the fault suite, the bench): each process's base
// URL variables, its own outgoing SERVICE_API_KEY, and RETAIL_API_KEYS accepting every calling
// service's key as `<key>=service`. CommonJS so that the plain-Node ESM scripts and the
// TypeScript stacks load the same code.
const { randomBytes } = require('node:crypto');
const { services, nodeOptions } = require('../services.json');

/** The processes, in start order (dependencies first). */
function roster() {
  return services;
}

function entry(name) {
  const found = services.find((s) => s.name === name);
  if (!found) throw new Error(`${name} is not in tools/services.json`);
  return found;
}

/** A fresh random key for each service that calls others (`prefix-<name>-<hex>`). */
function serviceKeys(prefix = 'svc') {
  return Object.fromEntries(
    services
      .filter((s) => s.calls.length > 0)
      .map((s) => [s.name, `${prefix}-${s.name}-${randomBytes(12).toString('hex')}`]),
  );
}

/**
 * The roster-derived environment of one process: every `baseUrlEnv` set to `urlOf(name, port)`,
 * NODE_OPTIONS (the heap limits every process runs with, ADR 0052), SERVICE_API_KEY when it
 * calls others, and RETAIL_API_KEYS = `apiKeys` (the user's keys) plus `<key>=<keyScope>` for
 * every calling service's key (`service` unless the roster says otherwise: the operators'
 * console acts as an administrator).
 */
function wiringEnv(name, { urlOf, apiKeys, keys }) {
  entry(name);
  const env = {};
  for (const s of services) if (s.baseUrlEnv) env[s.baseUrlEnv] = urlOf(s.name, s.port);
  if (nodeOptions) env.NODE_OPTIONS = nodeOptions;
  if (keys[name]) env.SERVICE_API_KEY = keys[name];
  const serviceEntries = Object.entries(keys).map(
    ([caller, key]) => `${key}=${entry(caller).keyScope ?? 'service'}`,
  );
  env.RETAIL_API_KEYS = [apiKeys, ...serviceEntries].filter(Boolean).join(',');
  return env;
}

module.exports = { roster, entry, serviceKeys, wiringEnv };
