import { describe, expect, it } from 'vitest';
import { type AlertMessageView, alertMessage, parseStepActionId, stepActionId } from '../../blocks/alert-message';
import { assertWithinBlockKitLimits } from '../support/blockkit-limits';

function view(over: Partial<AlertMessageView> = {}): AlertMessageView {
  return {
    id: 7,
    accountId: 'acme',
    accountName: 'Acme',
    severity: 'high',
    status: 'open',
    positive: false,
    title: 'Usage down 55%',
    reason: 'Logins fell from 300 to 135.',
    openedAt: '2026-11-23T10:00:00.000Z',
    slaDueAt: '2026-11-25T10:00:00.000Z',
    acknowledgedBy: null,
    acknowledgedAt: null,
    snoozedUntil: null,
    resolvedBy: null,
    resolvedAt: null,
    escalations: [],
    reasons: [],
    playbook: { title: 'Usage decline recovery', steps: [{ id: 'a', title: 'Call them', owner: 'csm', dueAt: '2026-11-24T10:00:00.000Z', done: null }] },
    card: null,
    now: '2026-11-23T12:00:00.000Z',
    ...over,
  };
}

describe('alertMessage (pure renderer)', () => {
  it('a group lists every reason (escaped), marks muted and clearing ones, and never shows a raw Slack id', () => {
    const reasons = [
      {
        rule: 'tier_drop',
        severity: 'critical' as const,
        title: 'Tier fell to Critical',
        reason: 'Score 20.',
        firstSeenAt: '2026-11-22T10:00:00.000Z',
        inhibitedBy: null,
        clearing: false,
      },
      {
        rule: 'health_drop',
        severity: 'high' as const,
        title: 'Health <!here> dropped',
        reason: 'x',
        firstSeenAt: '2026-11-21T10:00:00.000Z',
        inhibitedBy: 'tier_drop',
        clearing: false,
      },
      {
        rule: 'inactivity',
        severity: 'medium' as const,
        title: 'No logins',
        reason: 'y',
        firstSeenAt: '2026-11-20T10:00:00.000Z',
        inhibitedBy: null,
        clearing: true,
      },
    ];
    const m = alertMessage(
      view({
        severity: 'critical',
        title: 'Tier fell to Critical',
        reasons,
        status: 'acknowledged',
        acknowledgedBy: 'UCSM001',
        acknowledgedAt: '2026-11-23T11:00:00.000Z',
      }),
    );
    const section = JSON.stringify(m.blocks.find((b) => b.block_id === 'alert_reasons'));
    expect(section).toContain('*3 reasons*');
    expect(section).toContain('Health &lt;!here&gt; dropped');
    expect(section).toContain('muted while tier_drop fires');
    expect(section).toContain('clearing');
    expect(m.text).toBe('Critical alert for Acme: Tier fell to Critical (+2 more) (acknowledged by <@UCSM001>)');
    expect(JSON.stringify(m.blocks).replace(/<@U[A-Z0-9]+>/g, '')).not.toMatch(/\bU[A-Z0-9]{6,}\b/);
    // a single-reason group needs no list
    expect(alertMessage(view({ reasons: reasons.slice(0, 1) })).blocks.some((b) => b.block_id === 'alert_reasons')).toBe(false);
  });

  it('escapes every user-supplied string placed in mrkdwn and keeps a plain-text fallback', () => {
    const m = alertMessage(view({ accountName: 'Evil <!channel> & Co', title: '<https://x.io|click>', reason: 'a <@U123> b' }));
    // mrkdwn is where <!channel> and <url|label> would be live; plain_text (the header) is never parsed
    const mrkdwn: string[] = [];
    JSON.stringify(m.blocks, (_k, v) => {
      if (v && typeof v === 'object' && (v as { type?: string }).type === 'mrkdwn') mrkdwn.push((v as { text: string }).text);
      return v;
    });
    const json = mrkdwn.join('\n');
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<https://x.io|click>');
    expect(json).toContain('&lt;https://x.io|click&gt;');
    expect(json).toContain('a &lt;@U123&gt; b');
    expect(m.text).toBe('High alert for Evil &lt;!channel&gt; &amp; Co: &lt;https://x.io|click&gt; (open)');
    assertWithinBlockKitLimits(m as never, 'message');
  });

  it('stays within Block Kit limits at the extremes (12 steps, long texts, escalations)', () => {
    const steps = Array.from({ length: 12 }, (_, i) => ({
      id: `s-${i}`,
      title: 'x'.repeat(150),
      owner: 'manager',
      dueAt: '2026-11-20T10:00:00.000Z',
      done: i % 2 ? { by: 'UABC123', at: '2026-11-23T11:00:00.000Z' } : null,
    }));
    const m = alertMessage(
      view({
        accountName: 'N'.repeat(400),
        title: 'T'.repeat(5000),
        reason: 'R'.repeat(5000),
        playbook: { title: 'P'.repeat(300), steps },
        escalations: Array.from({ length: 5 }, () => ({ at: '2026-11-25T10:00:00.000Z', to: ['UVP1', 'C123'], reason: 'not acknowledged 2d after it opened' })),
      }),
    );
    assertWithinBlockKitLimits(m as never, 'message');
    expect(JSON.stringify(m.blocks)).toContain(':warning: overdue');
  });

  it('shows state: acknowledged (no Acknowledge button), snoozed, resolved (no buttons, no checkboxes), positive alerts', () => {
    const acked = JSON.stringify(alertMessage(view({ status: 'acknowledged', acknowledgedBy: 'U123', acknowledgedAt: '2026-11-23T10:42:00.000Z' })).blocks);
    expect(acked).toContain('Acknowledged by <@U123> at <!date^1795430520^{time} on {date_short}|2026-11-23 10:42 UTC>');
    expect(acked).not.toContain('alert.acknowledge');
    expect(JSON.stringify(alertMessage(view({ status: 'snoozed', snoozedUntil: '2026-11-30T10:00:00.000Z' })).blocks)).toContain(':zzz: Snoozed until');
    const resolved = JSON.stringify(alertMessage(view({ status: 'resolved', resolvedBy: 'system', resolvedAt: '2026-11-24T00:00:00.000Z' })).blocks);
    expect(resolved).toContain('Resolved automatically');
    expect(resolved).not.toContain('"checkboxes"');
    expect(resolved).not.toContain('"actions"');
    expect(alertMessage(view({ positive: true, severity: 'low' })).text).toMatch(/^Opportunity for Acme/);
    expect(JSON.stringify(alertMessage(view({ status: 'acknowledged', acknowledgedBy: 'cli:ops <x>' })).blocks)).toContain('Acknowledged by ops &lt;x&gt;');
  });

  it('step action ids carry alert and step ids and round-trip', () => {
    expect(stepActionId(42, 'review-usage')).toBe('alert.step:42:review-usage');
    expect(parseStepActionId('alert.step:42:review-usage')).toEqual({ alertId: 42, stepId: 'review-usage' });
    expect(parseStepActionId('alert.step:x:y')).toBeNull();
    expect(parseStepActionId('alert.step:1:<script>')).toBeNull();
  });
});
