import { sharedCardFields } from '../../src/config/sections/slack';
import { describe, expect, it } from 'vitest';
import { ActionIds } from '../../blocks/action-ids';
import { accountCardBlocks, scoreBreakdown } from '../../blocks/account-card';
import { parseConfig } from '../../src/config/load';
import { scoreAccount } from '../../src/scoring/score-account';
import { AS_OF, features, usage } from '../scoring/features-fixture';
import { money, sparkline } from '../../blocks/format';
import { homeView, HOME_PAGE_SIZE, parseHomeState } from '../../blocks/home';
import { outreachModal } from '../../blocks/outreach-modal';
import type { BookRow } from '../../src/book/read-model';
import type { AccountCardView } from '../../src/accounts/card-view';
import { parseHealthCommand } from '../../src/slack/health/parse';
import { assertWithinBlockKitLimits } from '../support/blockkit-limits';

/** Every mrkdwn text object anywhere in a payload. */
function mrkdwnTexts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(mrkdwnTexts);
  if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    const own = o.type === 'mrkdwn' && typeof o.text === 'string' ? [o.text] : [];
    return [...own, ...Object.values(o).flatMap(mrkdwnTexts)];
  }
  return [];
}

const HOSTILE = '<!channel> *Evil* & <https://evil.example|Co>';

function view(over: Partial<AccountCardView> = {}): AccountCardView {
  return {
    today: '2026-11-20',
    account: {
      id: 'evil',
      name: HOSTILE,
      segment: '<!here>',
      industry: null,
      arr: 1_250_000,
      renewalDate: '2026-12-20',
      renewalStatus: 'at_risk',
      lifecycle: 'active',
      seatsLicensed: 20,
      ownerSlackId: 'UOWN',
      ownerEmail: 'o@x.io',
      ownerName: '<@UBOSS>',
    },
    score: {
      value: 31.6,
      tier: 'At-Risk',
      asOf: '2026-11-20',
      coverage: 0.75,
      quadrant: 'Flight Risk',
      expansion: 0.1,
      onboarding: false,
      drivers: [{ id: 'detractor', severity: 'high', reason: 'NPS 2: "<!everyone> this is *bad*"', action: 'Call <@U1>', points: 9 }],
      components: {} as never,
    },
    trend: { d7: -16, d30: 4 },
    usage: Array.from({ length: 13 }, (_, i) => ({ start: `w${i}`, activeUsers: 13 - i, keyEvents: 130 - i * 10, logins: 1, days: 7 })),
    tickets: { open: 0, highOpen: 0, escalatedOpen: 0 },
    lastTouch: { type: 'qbr', occurredAt: '2026-11-10T10:00:00Z', loggedBy: 'UOWN', outcome: '<!channel> agreed', nextStepOn: null },
    daysToRenewal: 30,
    expansion: { bookedArr90d: 0, openSignals: 0 },
    openAlert: {
      id: 7,
      rule: 'detractor',
      severity: 'critical',
      status: 'open',
      title: 'NPS <!channel>',
      openedAt: 'x',
      slaDueAt: '2026-11-21T10:00:00Z',
      snoozedUntil: null,
      acknowledgedBy: null,
      playbookId: 'p',
      stepsDone: 2,
      stepsTotal: 5,
      positive: false,
    },
    ...over,
  };
}

describe('accountCardBlocks', () => {
  it('escapes every user-supplied string so nothing can ping or forge a link', () => {
    const card = accountCardBlocks(view());
    assertWithinBlockKitLimits(card, 'message');
    // mrkdwn (and the fallback text) is parsed by Slack; plain_text (the header) is shown verbatim and never parsed.
    const all = [card.text, ...mrkdwnTexts(card.blocks)].join('\n');
    expect(all).not.toMatch(/<!channel>|<!here>|<!everyone>|<https:|<@UBOSS>|<@U1>/);
    expect(card.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: HOSTILE } });
    expect(all).toContain('&lt;!channel&gt; *Evil* &amp; &lt;https://evil.example|Co&gt;');
    expect(card.text).toContain('&lt;!channel&gt;');
    // the owner mention is ours (a Slack id), not user text
    expect(all).toContain('<@UOWN>');
  });

  it('shows score, trends, money, renewal, usage sparkline, alert progress and all five actions', () => {
    const card = accountCardBlocks(view());
    const s = JSON.stringify(card.blocks);
    expect(s).toContain('*Health 32* · *At-Risk*');
    expect(s).toContain('▼ −16 in 7d · ▲ +4 in 30d');
    // the open alert is critical: the step follows it and its SLA, not the At-Risk tier's "within 48 hours"
    expect(s).toContain(
      '*Next:* Escalate today; hold an executive business review within 7 days. Acknowledge the critical alert by <!date^1795255200^{date_short_pretty} {time}|2026-11-21 10:00 UTC> (its SLA).',
    );
    expect(s).not.toContain('48 hours');
    expect(JSON.stringify(accountCardBlocks(view({ openAlert: null })).blocks)).toContain('*Next:* Reach out within 48 hours.'); // no alert: the tier's action
    expect(JSON.stringify(accountCardBlocks(view({ score: { ...view().score!, value: 20, tier: 'Critical' } })).blocks)).toContain(
      '*Next:* Escalate today; hold an executive business review within 7 days.',
    );
    expect(s).toContain('$1.3M');
    expect(s).toContain('2026-12-20 (in 30 days) · at risk');
    expect(s).toContain('`█▇▇▆▅▅▄▃▃▂▁▁▁`'.slice(0, 3));
    expect(s).toContain('playbook 2/5 steps');
    const actions = card.blocks.find((b) => b.type === 'actions') as { elements: { action_id: string }[] };
    expect(actions.elements.map((e) => e.action_id)).toEqual([
      ActionIds.shareCard,
      ActionIds.logOutreach,
      ActionIds.followAccount,
      ActionIds.acknowledge,
      ActionIds.snoozeWithReason,
    ]);
  });

  it("says why: each component's points out of its weight, adding up to the score, and which had no data", () => {
    const scored = scoreAccount(
      features({
        usage: usage({ logins30: 200, events30: 40, activeSeats30: 5, features30: 6, integrations: 2, loginsPrev30: 260 }),
        tickets: { open: { low: 0, medium: 1, high: 1, urgent: 0 }, oldestOpenDays: 12, volume90: 4, csat90: 4 },
      }),
      parseConfig({}).scoring,
      AS_OF,
    );
    const line = scoreBreakdown(scored.components)!;
    const points = [...line.matchAll(/(\w+) ([\d.]+)\/([\d.]+)/g)].map((m) => ({ c: m[1], got: Number(m[2]), of: Number(m[3]) }));
    expect(points.map((p) => p.c)).toEqual(['usage', 'engagement', 'support']);
    expect(line).toContain('financial no data');
    expect(points.reduce((a, p) => a + p.got, 0)).toBeCloseTo(scored.score, 5);
    for (const p of points) expect(p.got).toBeLessThanOrEqual(p.of);
    const card = accountCardBlocks(view({ score: { ...view().score!, value: scored.score, components: scored.components } }));
    expect(JSON.stringify(card.blocks.find((b) => b.block_id === 'card_score'))).toContain(line);
    // rows stored before components were recorded render no breakdown rather than a broken one
    expect(scoreBreakdown({} as never)).toBeNull();
  });

  it('shared copy: no buttons, no owner mention; the owner name only when the policy shows contacts', () => {
    const card = accountCardBlocks(view(), { shared: true });
    expect(card.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(card)).not.toContain('<@UOWN>');
    expect(JSON.stringify(card)).not.toContain('UBOSS');
    const named = accountCardBlocks(view(), { shared: true, fields: sharedCardFields.parse({ contacts: true }) });
    expect(JSON.stringify(named)).toContain('&lt;@UBOSS&gt;');
    expect(JSON.stringify(named)).not.toContain('<@UOWN>');
  });

  it('a shared card shows exactly the fields the policy allows (default: no ARR, names or quadrant)', () => {
    const v = view({ expansion: { bookedArr90d: 50_000, openSignals: 1 } });
    const def = JSON.stringify(accountCardBlocks(v, { shared: true }));
    for (const hidden of ['$1.3M', '$50k booked', 'quadrant', 'agreed', '*Owner*']) expect(def).not.toContain(hidden);
    for (const shown of ['*Renewal*', '*Top risk drivers*', '*Usage, last 90 days*', 'Open alert', '*Support*', '*Last touch*\\nQBR 10 days ago"'])
      expect(def).toContain(shown);
    const all = JSON.stringify(accountCardBlocks(v, { shared: true, fields: sharedCardFields.parse({ arr: true, contacts: true, quadrant: true }) }));
    for (const shown of ['$1.3M', '$50k booked', 'quadrant', 'agreed', '*Owner*']) expect(all).toContain(shown);
    const bare = sharedCardFields.parse({ drivers: false, renewal: false, usage: false, support: false, alert: false });
    const min = accountCardBlocks(v, { shared: true, fields: bare });
    expect(min.blocks.map((b) => b.block_id)).toEqual(['card_header', 'card_score', 'card_facts', 'card_context']);
    expect(min.text).not.toContain('ARR');
    expect(min.text).not.toContain('open alert');
    // the private card is unaffected by the policy
    expect(JSON.stringify(accountCardBlocks(v, { fields: bare }))).toContain('$1.3M');
  });

  it('no Acknowledge once acknowledged, no alert buttons without an alert, none with includeActions false', () => {
    const acked = accountCardBlocks(view({ openAlert: { ...view().openAlert!, status: 'acknowledged', acknowledgedBy: 'UOWN' } }));
    expect(JSON.stringify(acked)).not.toContain(ActionIds.acknowledge);
    expect(JSON.stringify(acked)).toContain('acknowledged by <@UOWN>');
    const none = accountCardBlocks(view({ openAlert: null }));
    expect(JSON.stringify(none)).not.toContain('alert.');
    expect(accountCardBlocks(view(), { includeActions: false }).blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('survives a 10,000-character name and driver text within Block Kit limits', () => {
    const long = 'x'.repeat(10_000);
    const v = view();
    v.account.name = long;
    v.score!.drivers = Array.from({ length: 8 }, () => ({ id: 'd', severity: 'high' as const, reason: long, action: long, points: 1 }));
    assertWithinBlockKitLimits(accountCardBlocks(v), 'message');
  });
});

describe('format helpers', () => {
  it('sparkline scales to the series and draws flat series mid-height', () => {
    expect(sparkline([0, 7, 14])).toBe('▁▅█');
    expect(sparkline([5, 5])).toBe('▄▄');
    expect(sparkline([0, 0])).toBe('▁▁');
  });
  it('money is compact', () => {
    expect([money(950), money(12_345), money(240_000), money(1_250_000), money(-5000)]).toEqual(['$950', '$12.3k', '$240k', '$1.3M', '−$5k']);
  });
});

function row(i: number): BookRow {
  return {
    id: `a${i}`,
    name: `Acct <${i}>`,
    arr: 1000 * i,
    segment: null,
    renewalDate: null,
    renewalStatus: 'pending',
    ownerEmail: null,
    ownerSlackId: null,
    score: 50,
    tier: 'Neutral',
    scoreAsOf: '2026-11-20',
    prev7: 60,
    lastTouchAt: null,
    group: i % 2 ? null : { id: i, severity: 'critical', status: 'snoozed', reasons: manyReasons },
  };
}
const manyReasons = Array.from({ length: 4 }, (_, k) => ({ rule: `r${k}`, title: `<!channel> reason ${k} ${'x'.repeat(300)}`, severity: 'high' as const }));

describe('homeView', () => {
  const summary = {
    accounts: 1000,
    totalArr: 1e6,
    atRiskArr: 2e5,
    byTier: { Thriving: 1, Healthy: 2, Neutral: 3, 'At-Risk': 4, Critical: 5, Unscored: 0 },
    openAlerts: 3,
  };
  const alerts = {
    total: 9,
    alerts: Array.from({ length: 5 }, (_, i) => ({
      id: i,
      accountId: 'a',
      accountName: '<!here>',
      severity: 'high' as const,
      status: 'open' as const,
      title: 't',
      slaDueAt: null,
      reasons: manyReasons,
    })),
  };
  const model = (page: number) => ({
    label: 'Your accounts',
    today: '2026-11-20',
    summary,
    alerts,
    filter: 'at_risk' as const,
    page,
    rows: Array.from({ length: 1000 }, (_, i) => row(i)).slice(page * HOME_PAGE_SIZE, (page + 1) * HOME_PAGE_SIZE),
    matched: 1000,
  });

  it('renders one page of rows with unique action ids, ≤ 100 blocks, escaped names', () => {
    const v = homeView(model(3));
    assertWithinBlockKitLimits(v as never, 'home');
    const rows = v.blocks.filter((b) => (b as { block_id?: string }).block_id?.startsWith('home_row_'));
    expect(rows).toHaveLength(HOME_PAGE_SIZE);
    expect(JSON.stringify(rows[0])).toContain('Acct &lt;45&gt;');
    expect(JSON.stringify(v)).not.toContain('<!here>');
    expect(JSON.stringify(v)).toContain('▼'); // 50 vs 60 a week ago
    expect(parseHomeState(v.private_metadata)).toEqual({ filter: 'at_risk', page: 3 });
    // every listed account with a live group shows it in one line: severity, state, top reason, "+N more"
    expect(JSON.stringify(rows[1])).toContain(':red_circle: _critical alert (snoozed)_: &lt;!channel&gt; reason 0');
    expect(JSON.stringify(rows[1])).toContain('· +3 more');
    expect(JSON.stringify(rows[0])).not.toContain('alert');
    // open alerts are groups: reasons listed, Acknowledge acts on the group id, unique action ids
    const groups = v.blocks.filter((b) => (b as { block_id?: string }).block_id?.startsWith('home_alert_')) as {
      text: { text: string };
      accessory: { action_id: string; value: string };
    }[];
    expect(groups).toHaveLength(5);
    expect(groups[1].text.text).toContain('&lt;!channel&gt; reason 2');
    expect(groups[1].text.text).toContain('+1 more');
    expect(groups.map((g) => g.accessory.value)).toEqual(['0', '1', '2', '3', '4']);
    expect(new Set(groups.map((g) => g.accessory.action_id)).size).toBe(5);
    expect(JSON.stringify(v)).toContain('…and 4 more');
  });

  it('marks the active filter and clamps out-of-range pages', () => {
    const v = homeView(model(999));
    const filters = v.blocks.find((b) => (b as { block_id?: string }).block_id === 'home_filters') as { elements: { value: string; style?: string }[] };
    expect(filters.elements.filter((e) => e.style === 'primary').map((e) => e.value)).toEqual(['at_risk']);
    expect(filters.elements.map((e) => e.value)).toEqual(['all', 'at_risk', 'at_risk_renewing', 'no_touch_30', 'renewals_90']);
    expect(parseHomeState(v.private_metadata).page).toBe(Math.ceil(1000 / HOME_PAGE_SIZE) - 1);
    expect(parseHomeState('garbage')).toEqual({ filter: 'all', page: 0 });
  });
});

describe('outreachModal', () => {
  it('fits modal limits and escapes the account name', () => {
    const m = outreachModal({ id: 'x', name: '<!channel>'.repeat(500) }, { accountId: 'x', channelId: 'C1', alertId: 3 }, '2026-11-20');
    assertWithinBlockKitLimits(m as never, 'modal');
    expect(JSON.stringify(m)).not.toContain('<!channel>');
  });
});

describe('parseHealthCommand', () => {
  it.each([
    ['', { kind: 'overview' }],
    ['   ', { kind: 'overview' }],
    ['help', { kind: 'help' }],
    ['MINE', { kind: 'mine' }],
    ['at-risk', { kind: 'at_risk', segment: undefined }],
    ['at risk Enterprise', { kind: 'at_risk', segment: 'Enterprise' }],
    ['renewals', { kind: 'renewals', days: 90 }],
    ['renewals 30d', { kind: 'renewals', days: 30 }],
    ['acme  corp', { kind: 'lookup', query: 'acme corp' }],
  ])('%j → %j', (text, intent) => {
    expect(parseHealthCommand(text)).toEqual(intent);
  });
  it('rejects bad day counts and over-long text politely', () => {
    expect(parseHealthCommand('renewals 0').kind).toBe('invalid');
    expect(parseHealthCommand('renewals 9999').kind).toBe('invalid');
    expect(parseHealthCommand('y'.repeat(10_000)).kind).toBe('invalid');
  });
});
