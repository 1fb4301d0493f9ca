import type { Attributes, Histogram, Meter } from '@opentelemetry/api';
import type { Usage } from '../types.js';
import type { TelemetryMeter } from './options.js';

/** The client metrics of the OpenTelemetry GenAI conventions, with their bucket advice. */
export interface GenAiInstruments {
  /** `gen_ai.client.operation.duration`, seconds. */
  duration: Histogram;
  /** `gen_ai.client.token.usage`, tokens, split by `gen_ai.token.type` (input, output). */
  tokens: Histogram;
  /** `gen_ai.client.operation.time_to_first_chunk`, seconds, for streamed calls. */
  timeToFirstChunk: Histogram;
}

// Instruments are made once per meter; a meter the application dropped takes them with it.
const instrumentsByMeter = new WeakMap<object, GenAiInstruments>();

/** The instruments of `meter`, made on first use. */
export function instrumentsOf(meter: TelemetryMeter): GenAiInstruments {
  let instruments = instrumentsByMeter.get(meter);
  if (instruments === undefined) {
    const histogram = (name: string, unit: string, description: string, buckets: number[]) =>
      (meter as Meter).createHistogram(name, {
        unit,
        description,
        advice: { explicitBucketBoundaries: buckets },
      });
    instruments = {
      duration: histogram(
        'gen_ai.client.operation.duration',
        's',
        'GenAI operation duration.',
        [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92],
      ),
      tokens: histogram(
        'gen_ai.client.token.usage',
        '{token}',
        'Number of input and output tokens used.',
        [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864],
      ),
      timeToFirstChunk: histogram(
        'gen_ai.client.operation.time_to_first_chunk',
        's',
        'Time to receive the first chunk of a streamed response.',
        [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
      ),
    };
    instrumentsByMeter.set(meter, instruments);
  }
  return instruments;
}

/** One call's measurements; `attributes` identify the model and server (and the error, if any). */
export interface CallMeasurements {
  attributes: Attributes;
  durationSeconds: number;
  /** The usage of the call; nothing is recorded when the provider reported none. */
  usage: Usage | undefined;
  /** Streamed calls only. */
  timeToFirstChunkSeconds: number | undefined;
}

/** Record one call. */
export function recordCall(instruments: GenAiInstruments, call: CallMeasurements): void {
  instruments.duration.record(call.durationSeconds, call.attributes);
  if (call.usage?.reported) {
    instruments.tokens.record(call.usage.input, {
      ...call.attributes,
      'gen_ai.token.type': 'input',
    });
    instruments.tokens.record(call.usage.output, {
      ...call.attributes,
      'gen_ai.token.type': 'output',
    });
  }
  if (call.timeToFirstChunkSeconds !== undefined) {
    instruments.timeToFirstChunk.record(call.timeToFirstChunkSeconds, call.attributes);
  }
}
