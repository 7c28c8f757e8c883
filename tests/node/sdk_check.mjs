// The official Node SDKs against a built llmcat site: `node sdk_check.mjs BASE_URL IDS...`.
// Prints one JSON object; tests/test_nginx.py checks it.
import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";

const [base, ...asked] = process.argv.slice(2);
const openai = new OpenAI({ baseURL: `${base}/v1`, apiKey: "unused", maxRetries: 0 });
const anthropic = new Anthropic({ baseURL: base, apiKey: "unused", maxRetries: 0 });

async function collect(pages) {
  const ids = [];
  for await (const model of pages) ids.push(model.id);
  return ids;
}

async function failure(promise) {
  try {
    await promise;
    return null;
  } catch (error) {
    return { status: error.status ?? null, code: error.error?.error?.code ?? error.code ?? null };
  }
}

async function retrieveAll(client) {
  const found = {};
  for (const id of asked) found[id] = (await client.models.retrieve(id)).id;
  return found;
}

const result = {
  openai: {
    list: await collect(openai.models.list()),
    retrieve: await retrieveAll(openai),
    unknown: await failure(openai.models.retrieve("no-such-model")),
  },
  anthropic: {
    list: await collect(anthropic.models.list()),
    paged: await collect(anthropic.models.list({ limit: 2 })),
    retrieve: await retrieveAll(anthropic),
    unknown: await failure(anthropic.models.retrieve("openai/no-such-model")),
  },
};
const first = await anthropic.models.list({ limit: 3 });
const next = await anthropic.models.list({ limit: 3, after_id: first.data.at(-1).id });
const back = await anthropic.models.list({ limit: 3, before_id: next.data[0].id });
result.anthropic.cursors = {
  first: first.data.map((m) => m.id),
  next: next.data.map((m) => m.id),
  back: back.data.map((m) => m.id),
};
console.log(JSON.stringify(result));
