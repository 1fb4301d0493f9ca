import { trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { ConfigError, LLMConfig, OpenAILLM, type LLMConfigOptions } from '../../src/index.js';

const base = { model: 'gpt-4o-mini', apiKey: 'sk-options-test' };
const configError = (options: Partial<LLMConfigOptions>): ConfigError => {
  try {
    new LLMConfig({ ...base, ...options } as LLMConfigOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
};

describe('the telemetry option', () => {
  it('true is { recordContent: false }; false and undefined are off', () => {
    expect(new LLMConfig({ ...base, telemetry: true }).telemetry).toEqual({ recordContent: false });
    expect(new LLMConfig({ ...base, telemetry: false }).telemetry).toBeUndefined();
    expect(new LLMConfig(base).telemetry).toBeUndefined();
    const tracer = trace.getTracer('app');
    expect(
      new LLMConfig({ ...base, telemetry: { recordContent: true, tracer } }).telemetry,
    ).toEqual({ recordContent: true, tracer });
  });

  it('a wrong value names its field', () => {
    expect(configError({ telemetry: 'yes' as never }).field).toBe('telemetry');
    expect(configError({ telemetry: { recordContent: 'yes' as never } }).field).toBe(
      'telemetry.recordContent',
    );
    const unknown = configError({ telemetry: { recordPrompts: true } as never });
    expect(unknown.field).toBe('telemetry.recordPrompts');
    expect(unknown.message).toContain('Valid options: recordContent, tracer, meter');
    const tracer = configError({ telemetry: { tracer: {} as never } });
    expect(tracer.field).toBe('telemetry.tracer');
    expect(tracer.message).toContain("trace.getTracer('my-app')");
  });

  it('toJSON names the telemetry and the logger without serialising them', () => {
    const config = new LLMConfig({
      ...base,
      telemetry: { recordContent: true, tracer: trace.getTracer('app') },
      logger: console,
    });
    const json = config.toJSON();
    expect(json.telemetry).toEqual({ recordContent: true });
    expect(json.logger).toBe('custom');
    expect(JSON.stringify(json)).not.toContain('sk-options-test');
  });

  it('telemetryAttributes must hold OpenTelemetry attribute values', async () => {
    const llm = new OpenAILLM({ ...base, baseUrl: 'http://127.0.0.1:9/v1' });
    const bad = await llm
      .generate('q', { telemetryAttributes: { 'app.user': { id: 1 } } as never })
      .catch((error: unknown) => error);
    expect(bad).toBeInstanceOf(ConfigError);
    expect((bad as ConfigError).field).toBe('telemetryAttributes.app.user');
    const mixed = await llm
      .generate('q', { telemetryAttributes: { tags: ['a', 1] } as never })
      .catch((error: unknown) => error);
    expect((mixed as ConfigError).field).toBe('telemetryAttributes.tags');
  });
});
