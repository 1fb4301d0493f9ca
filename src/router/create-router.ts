import type { RouterOptions } from './options.js';
import { Router } from './router.js';

/**
 * One {@link LLM} over several models: fallbacks, routing strategies, cooldowns and a shared
 * budget. Use it wherever an LLM goes (`new RAG({ llm: router })`, helpers).
 *
 * @param options The models in priority order, and how to route between them.
 * @throws ConfigError for bad options, a model config that does not build (naming
 *   `models[i]`), or `cheapest`/`budget` with a model that has no price.
 *
 * @example
 * ```ts
 * const llm = createRouter({
 *   models: [{ model: 'gpt-4o-mini' }, { model: 'claude-haiku-4-5' }, { model: 'gemini-2.5-flash' }],
 * });
 * const answer = await llm.generate('Name three primes.', {
 *   onFinish: ({ provider, model }) => console.log(`answered by ${provider} ${model}`),
 * });
 * ```
 *
 * @category Routing
 */
export function createRouter(options: RouterOptions): Router {
  return new Router(options);
}
