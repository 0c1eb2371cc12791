/**
 * One shared checker for Slack Block Kit limits, used by every test that inspects a payload the app sends.
 * Limits from Slack's Block Kit reference (blocks, block elements, composition objects, views).
 */
type Json = Record<string, unknown>;
export type Surface = 'message' | 'modal' | 'home';

const MAX_BLOCKS: Record<Surface, number> = { message: 50, modal: 100, home: 100 };

function textOf(o: unknown): string | undefined {
  if (o && typeof o === 'object' && typeof (o as Json).text === 'string') return (o as Json).text as string;
  return undefined;
}

export function blockKitViolations(payload: Json, surface: Surface): string[] {
  const v: string[] = [];
  const max = (what: string, s: string | undefined, n: number) => {
    if (s !== undefined && s.length > n) v.push(`${what}: ${s.length} chars > ${n}`);
  };
  const actionIds = new Set<string>();
  const blockIds = new Set<string>();

  if (surface === 'message') {
    const text = payload.text;
    if (typeof text !== 'string' || text.trim() === '') v.push('message: missing plain-text `text` fallback');
    else max('message text', text, 40_000);
  } else {
    const view = payload;
    if (surface === 'modal') {
      max('modal title', textOf(view.title), 24);
      if (!textOf(view.title)) v.push('modal: missing title');
      max('modal submit', textOf(view.submit), 24);
      max('modal close', textOf(view.close), 24);
    }
    max('private_metadata', view.private_metadata as string | undefined, 3000);
    max('callback_id', view.callback_id as string | undefined, 255);
    max('external_id', view.external_id as string | undefined, 255);
  }

  const blocks = (payload.blocks as Json[] | undefined) ?? [];
  if (!Array.isArray(blocks)) {
    v.push('blocks: not an array');
    return v;
  }
  if (blocks.length > MAX_BLOCKS[surface]) v.push(`${surface}: ${blocks.length} blocks > ${MAX_BLOCKS[surface]}`);

  const element = (where: string, el: Json) => {
    const type = el.type as string;
    if (typeof el.action_id === 'string') {
      max(`${where} action_id`, el.action_id, 255);
      if (actionIds.has(el.action_id)) v.push(`${where}: duplicate action_id ${el.action_id}`);
      actionIds.add(el.action_id);
    }
    switch (type) {
      case 'button':
        max(`${where} button text`, textOf(el.text), 75);
        max(`${where} button value`, el.value as string | undefined, 2000);
        max(`${where} button url`, el.url as string | undefined, 3000);
        break;
      case 'overflow': {
        const n = ((el.options as unknown[]) ?? []).length;
        if (n < 1 || n > 5) v.push(`${where} overflow: ${n} options (1–5 allowed)`);
        break;
      }
      case 'static_select':
      case 'multi_static_select': {
        const opts = (el.options as Json[] | undefined) ?? [];
        const groups = (el.option_groups as Json[] | undefined) ?? [];
        if (opts.length > 100) v.push(`${where} select: ${opts.length} options > 100`);
        if (groups.length > 100) v.push(`${where} select: ${groups.length} option groups > 100`);
        break;
      }
      case 'checkboxes':
      case 'radio_buttons': {
        const n = ((el.options as unknown[]) ?? []).length;
        if (n > 10) v.push(`${where} ${type}: ${n} options > 10`);
        break;
      }
      case 'plain_text_input':
        if (typeof el.max_length === 'number' && el.max_length > 3000) v.push(`${where} input max_length > 3000`);
        break;
      case 'image':
        max(`${where} image alt_text`, el.alt_text as string | undefined, 2000);
        break;
      default:
    }
    if (el.placeholder) max(`${where} placeholder`, textOf(el.placeholder), 150);
    for (const o of [...((el.options as Json[]) ?? []), ...((el.option_groups as Json[]) ?? []).flatMap((g) => (g.options as Json[]) ?? [])]) {
      max(`${where} option text`, textOf(o.text), 75);
      max(`${where} option value`, o.value as string | undefined, 150);
      max(`${where} option description`, textOf(o.description), 75);
    }
  };

  blocks.forEach((b, i) => {
    const where = `block ${i} (${String(b.type)})`;
    if (typeof b.block_id === 'string') {
      max(`${where} block_id`, b.block_id, 255);
      if (blockIds.has(b.block_id)) v.push(`${where}: duplicate block_id ${b.block_id}`);
      blockIds.add(b.block_id);
    }
    switch (b.type) {
      case 'section': {
        const t = textOf(b.text);
        const fields = (b.fields as Json[] | undefined) ?? [];
        if (t === undefined && fields.length === 0) v.push(`${where}: needs text or fields`);
        if (t !== undefined && t.length === 0) v.push(`${where}: empty text`);
        max(`${where} text`, t, 3000);
        if (fields.length > 10) v.push(`${where}: ${fields.length} fields > 10`);
        fields.forEach((f, j) => max(`${where} field ${j}`, textOf(f), 2000));
        if (b.accessory) element(`${where} accessory`, b.accessory as Json);
        break;
      }
      case 'header':
        max(`${where} text`, textOf(b.text), 150);
        if (!textOf(b.text)) v.push(`${where}: empty header`);
        break;
      case 'context': {
        const els = (b.elements as Json[] | undefined) ?? [];
        if (els.length === 0 || els.length > 10) v.push(`${where}: ${els.length} elements (1–10 allowed)`);
        els.forEach((e, j) => max(`${where} element ${j}`, textOf(e), 3000));
        break;
      }
      case 'actions': {
        const els = (b.elements as Json[] | undefined) ?? [];
        if (els.length === 0 || els.length > 25) v.push(`${where}: ${els.length} elements (1–25 allowed)`);
        els.forEach((e, j) => element(`${where} element ${j}`, e));
        break;
      }
      case 'input':
        if (surface === 'message') v.push(`${where}: input blocks are not allowed in messages`);
        max(`${where} label`, textOf(b.label), 2000);
        max(`${where} hint`, textOf(b.hint), 2000);
        if (b.element) element(`${where} element`, b.element as Json);
        break;
      case 'image':
        max(`${where} alt_text`, b.alt_text as string | undefined, 2000);
        max(`${where} image_url`, b.image_url as string | undefined, 3000);
        break;
      case 'divider':
      case 'rich_text':
      case 'file':
        break;
      default:
        v.push(`${where}: unknown block type`);
    }
  });
  return v;
}

export function assertWithinBlockKitLimits(payload: Json, surface: Surface): void {
  const v = blockKitViolations(payload, surface);
  if (v.length) throw new Error(`Block Kit limits violated (${surface}):\n  ${v.join('\n  ')}`);
}
