import type { StepResponse } from '../../events.js';
import type { Message, ToolResultPart } from '../../messages.js';
import type { SchemaIssue } from '../../tools.js';
import { describeIssues } from '../validate.js';
import type { StructuredPlan } from './plan.js';

/**
 * What goes back to the model after a bad answer: the answer itself (the round's messages),
 * then what is wrong with it. A tool call is answered with an error result (every protocol
 * wants each call answered before the next turn): the output tool's with the problem, any other
 * with "not run"; an answer in text gets a user message.
 */
export function repairMessages(
  plan: StructuredPlan,
  response: StepResponse,
  issues: ReadonlyArray<SchemaIssue>,
): Message[] {
  const problem = describeIssues(issues);
  const messages: Message[] = [...response.messages];
  const outputCall = response.toolCalls.find((call) => call.name === plan.name);
  if (response.toolCalls.length > 0) {
    const results = response.toolCalls.map((call): ToolResultPart => ({
      type: 'tool-result',
      id: call.id,
      name: call.name,
      output:
        call === outputCall
          ? `This input was not accepted: ${problem}. Call ${plan.name} again with input that matches its schema.`
          : `Not run: answer with the ${plan.mode === 'tool' ? `${plan.name} tool` : 'JSON object'} now.`,
      isError: true,
    }));
    messages.push({ role: 'tool', content: results });
  }
  if (outputCall === undefined) {
    const how =
      plan.mode === 'tool'
        ? `Call the ${plan.name} tool with your answer as its input.`
        : 'Answer again with only the corrected JSON object.';
    messages.push({
      role: 'user',
      content: `Your answer was not accepted: ${problem}. ${how} It must match the schema you were given.`,
    });
  }
  return messages;
}
