// A small app on the Vercel AI SDK, as its users write one, pointed at Trooper.
//   node clients/ai-sdk-app.mjs <provider> <call> <base URL> <prompt>
// provider: anthropic (Messages), openai (Responses, the SDK's default), openai-chat (Chat
// Completions); call: generate | stream | tool (a tool the model calls, run, then the answer).
// Prints one JSON object: the text, each step's finish reason and tool calls, and the usage.
import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { generateText, stepCountIs, streamText, tool } from "ai";
import { z } from "zod";

const [provider, call, baseURL, prompt] = process.argv.slice(2);

function model() {
  if (provider === "anthropic") {
    return createAnthropic({ baseURL, apiKey: "sk-ant-client-key" })("claude-sonnet-4-6");
  }
  const openai = createOpenAI({ baseURL, apiKey: "sk-client-key" });
  return provider === "openai-chat" ? openai.chat("claude-sonnet-4-6") : openai("claude-sonnet-4-6");
}

const tools = {
  lookup: tool({
    description: "Look a word up in the team glossary",
    inputSchema: z.object({ input: z.string() }),
    execute: async ({ input }) => `glossary entry for ${input}: ran-42`,
  }),
};

async function main() {
  const options = { model: model(), prompt, maxRetries: 0 };
  let result;
  if (call === "stream") {
    const chunks = [];
    result = streamText({ ...options, onError: ({ error }) => { throw error; } });
    for await (const chunk of result.textStream) chunks.push(chunk);
    result = { text: chunks.join(""), chunks: chunks.length, steps: await result.steps, usage: await result.usage };
  } else if (call === "tool") {
    result = await generateText({ ...options, tools, stopWhen: stepCountIs(3) });
  } else {
    result = await generateText(options);
  }
  const steps = result.steps.map((s) => ({
    finishReason: s.finishReason,
    toolCalls: s.toolCalls.map((c) => ({ name: c.toolName, input: c.input })),
    toolResults: s.toolResults.map((r) => r.output),
  }));
  console.log(JSON.stringify({ text: result.text, chunks: result.chunks, steps, usage: result.usage }));
}

main().catch((error) => {
  console.error(String(error && error.stack ? error.stack : error));
  process.exit(1);
});
