// The pipeline picker's actions menu. What a caller may do follows the server's rules: only the
// owner changes a pipeline; the org default only an org admin (and nobody deletes it); an API key
// has no user to own anything and is never an admin. Where an action is not offered the menu says
// why. After each change the page re-reads the pipelines, so the picker and board show the server's truth.

import { announce, toast } from './dom.js';
import { showMenu } from './menu.js';
import { createPipelineDialog, renamePipelineDialog, editStagesDialog, deletePipelineDialog, setDefaultPipeline } from './pipelines.js';

export function showPipelineMenu(page) {
  const pipeline = page.pipeline;
  const isUser = page.identity.kind === 'user';
  const orgDefault = Boolean(pipeline?.is_org_default);
  const owned = pipeline && !orgDefault && isUser && String(pipeline.user_id) === String(page.identity.userId);
  const editable = orgDefault ? isUser && page.identity.admin : owned;
  const why = !pipeline || editable ? null : orgDefault ? 'Org admins only' : 'Not yours';
  const needsUser = isUser ? null : 'Needs a user session';
  const isDefault = pipeline?.id === page.defaultPipelineId;
  const note = orgDefault && !editable
    ? 'Read-only: every new deal starts in the organization’s default pipeline, so only org admins can rename it or edit its stages. Create your own pipeline to arrange stages your way.'
    : null;
  showMenu(page.pipelineMenuButton, [
    { label: 'New pipeline…', testId: 'pipeline-new', disabled: !isUser, hint: needsUser, onSelect: () => create(page) },
    { separator: true },
    { label: 'Rename…', testId: 'pipeline-rename', disabled: !editable, hint: why, explained: true, onSelect: () => rename(page) },
    { label: 'Edit stages…', testId: 'pipeline-stages', disabled: !editable, hint: why, explained: true, onSelect: () => editStages(page) },
    { label: 'Set as my default', testId: 'pipeline-default', disabled: !isUser || isDefault, hint: needsUser ?? (isDefault ? 'Already' : null), onSelect: () => setDefault(page) },
    { separator: true },
    { label: 'Delete pipeline…', testId: 'pipeline-delete', danger: true, disabled: !owned, hint: orgDefault ? 'Always kept' : why, onSelect: () => remove(page) },
  ], { label: 'Pipeline actions', note });
}

async function create(page) {
  const created = await createPipelineDialog();
  if (!created) return;
  toast(`Created pipeline “${created.name}”.`, 'success');
  await page.load(created.id);
}

async function rename(page) {
  const renamed = await renamePipelineDialog(page.pipeline);
  if (!renamed) return;
  announce(`Renamed the pipeline to ${renamed.name}.`);
  await page.load(page.pipelineId);
}

async function editStages(page) {
  // deal counts per stage, to say which stages cannot be removed (only meaningful unfiltered)
  const summary = page.data?.summary;
  const counts = !page.q && summary ? new Map([...summary].map(([id, s]) => [id, s.count])) : null;
  const saved = await editStagesDialog(page.pipeline, counts);
  if (!saved) return;
  toast('Stages saved.', 'success');
  await page.load(page.pipelineId);
}

async function setDefault(page) {
  const pipeline = page.pipeline;
  try {
    await setDefaultPipeline(pipeline);
    toast(`“${pipeline.name}” is now your default pipeline.`, 'success');
  } catch (e) {
    toast(`Could not set the default pipeline: ${e.message}`);
  }
  await page.load(page.pipelineId);
}

async function remove(page) {
  const pipeline = page.pipeline;
  const deleted = await deletePipelineDialog(pipeline);
  if (!deleted) return;
  toast(`Deleted pipeline “${pipeline.name}”.`, 'success');
  page.pipelineId = null;
  await page.load(null);
}
