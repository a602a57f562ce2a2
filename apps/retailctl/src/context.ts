import type { Api } from './api';
import type { Output } from './output';

/** What every command gets: the services' APIs and the output. */
export interface Context {
  api: Api;
  out: Output;
}
