// Every numeric input of every preset has a labelled field in the editor,
// under the element id its typed path gives. The list of inputs comes from
// the engine (written by tests/paths.rs during `cargo test`), so a field
// the editor builds under another path, or forgets, fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sharedBrowser, open, ROOT } from './support.mjs';

const env = sharedBrowser();
const LIST = path.join(ROOT, 'target', 'e2e', 'inputs.json');

test('each input of each preset has its labelled editor field', async () => {
  assert.ok(fs.existsSync(LIST), `${LIST} is missing: run cargo test --test paths first`);
  const presets = JSON.parse(fs.readFileSync(LIST, 'utf8'));
  assert.ok(Object.keys(presets).length >= 7, 'every preset is listed');
  const { page, context, problems } = await open(env.browser, env.server.url);
  for (const [name, inputs] of Object.entries(presets)) {
    // Each preset has its own name: the editor shows the preset once the
    // plan name changes. (The first listed is not the default preset, and
    // no two in a row are the same, so each pick asks to replace the plan.)
    const before = await page.locator('h1.plan-name').textContent();
    await page.locator('#preset').selectOption(name);
    await page.getByRole('button', { name: 'Replace plan' }).click();
    await page.waitForFunction((before) => document.querySelector('h1.plan-name').textContent !== before, before);
    // A large plan's fields come the task after its figures.
    await page.locator('.editor[aria-busy="false"]').waitFor();
    // A large plan folds its tiers: unfold every one.
    for (const b of await page.locator('button.unfold[aria-expanded="false"]').all()) await b.click();
    const missing = await page.evaluate((inputs) => inputs
      .filter(({ id }) => {
        const field = document.getElementById(id);
        return !field || !/^(INPUT|SELECT)$/.test(field.tagName) || !document.querySelector(`label[for="${id}"]`);
      })
      .map(({ path }) => path), inputs);
    assert.deepEqual(missing, [], `${name}: inputs without a labelled field`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});
