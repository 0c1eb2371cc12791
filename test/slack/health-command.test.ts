import { describe, expect, it } from 'vitest';
import { ActionIds } from '../../blocks/action-ids';
import { postForm } from '../support/signed-request';
import { SECRET, useHarness } from './support/harness';
import { addReason, U } from './support/seed';

const h = useHarness();

const blocksText = (json: Record<string, unknown> | undefined) => JSON.stringify(json?.blocks ?? []);

describe('/health over signed HTTP', () => {
  it('answers `/health acme-corp` ephemerally with the account card in the ack', async () => {
    const r = await h.command('acme-corp');
    expect(r.status).toBe(200);
    expect(r.json?.response_type).toBe('ephemeral');
    expect(r.json?.text).toContain('Acme Corp: health 42 (At-Risk)');
    const b = blocksText(r.json);
    expect(b).toContain('Health 42');
    expect(b).toContain('logins down 45% vs previous 30 days (120 → 66)');
    expect(b).toContain('Call the champion to learn what changed'); // the driver's action, from the scoring config
    expect(b).toContain('playbook 1/4 steps');
    expect(b).toContain(ActionIds.acknowledge);
    expect(b).toContain(ActionIds.shareCard);
    expect(b).toContain('2 open · 2 high');
    expect(b).toContain('Churn Candidate quadrant'); // high and urgent both count as high priority
  });

  for (const q of ['Acme Corp', 'acme corp', 'acmecorp', 'acme-crop', 'ACME  CORP', 'acme corpp']) {
    it(`finds Acme Corp from "${q}"`, async () => {
      const r = await h.command(q);
      expect(r.json?.text).toMatch(/^Acme Corp: health 42/);
    });
  }

  it('offers buttons when a query is ambiguous', async () => {
    const r = await h.command('acme');
    const blocks = r.json?.blocks as { type: string; elements?: { action_id: string; value: string }[] }[];
    const actions = blocks.find((b) => b.type === 'actions');
    expect(actions?.elements?.map((e) => e.value).sort()).toEqual(['acme-corp', 'acme-labs']);
    expect(actions?.elements?.every((e) => e.action_id.startsWith(ActionIds.pickAccount))).toBe(true);
  });

  it('suggests the closest names when nothing matches', async () => {
    const r = await h.command('globeks incorporated');
    expect(r.json?.text).toContain('No account called');
    expect(blocksText(r.json)).toContain('Globex Inc');
  });

  it("lists the caller's book for `/health mine`, riskiest first", async () => {
    const r = await h.command('mine', U.csm);
    const b = blocksText(r.json);
    expect(b).toContain('Your accounts');
    expect(b.indexOf('Acme Corp')).toBeLessThan(b.indexOf('Globex Inc'));
    expect(b).not.toContain('Initech');
  });

  it("`/health mine`, `at-risk` and `renewals` show each account's live alert group in one line: severity, top reason, +N more, escaped", async () => {
    addReason(h.db, 1, 'acme-corp', 'renewal_at_risk', 'high', 'Renewal in 45 days for <!channel>');
    addReason(h.db, 1, 'acme-corp', 'usage_decline', 'high', 'Usage down 45% in 30 days');
    addReason(h.db, 1, 'acme-corp', 'inactivity', 'medium', 'No login for 21 days');
    for (const text of ['mine', 'at-risk', 'renewals 60']) {
      const b = blocksText((await h.command(text, U.csm)).json);
      expect(b).toContain(':large_orange_circle: _high alert_: Renewal in 45 days for &lt;!channel&gt; · +2 more');
      expect(b).not.toContain('<!channel>');
    }
  });

  it("scopes `/health at-risk` to a manager's team and filters by segment", async () => {
    const all = blocksText((await h.command('at-risk', U.manager)).json);
    expect(all).toContain('Acme Corp');
    expect(all).toContain('Initech');
    expect(all).not.toContain('Globex');
    const growth = await h.command('at-risk Growth', U.manager);
    expect(growth.json?.text).toContain('Nothing At-Risk');
  });

  it('lists renewals within the given days', async () => {
    const r60 = blocksText((await h.command('renewals 60', U.vp)).json);
    expect(r60).toContain('Acme Corp');
    expect(r60).not.toContain('Initech'); // renews in 80 days
    const r90 = blocksText((await h.command('renewals', U.vp)).json);
    expect(r90).toContain('Initech');
    const bad = await h.command('renewals soon', U.vp);
    expect(blocksText(bad.json)).toContain('takes a number of days');
  });

  it('shows help, and help plus the book summary for `/health` alone', async () => {
    const help = await h.command('help');
    expect(blocksText(help.json)).toContain('/health at-risk [segment]');
    expect(blocksText(help.json)).not.toContain('help_book');
    const bare = await h.command('');
    const b = blocksText(bare.json);
    expect(b).toContain('help_book');
    expect(b).toContain('2 accounts');
    expect(b).toContain('At-risk ARR $240k');
  });

  describe('hostile and odd input gets a polite, escaped answer and never pings', () => {
    const cases: [string, string][] = [
      ['<!channel>', '&lt;!channel&gt;'],
      ['<https://evil.example|click>', '&lt;https://evil.example|click&gt;'],
      ['*bold* _it_', '*bold* _it_'],
      ["'; drop table accounts; --", 'drop table accounts'],
      ['🎉🎉', ''],
      [':tada:', ''],
      ['<@U123> & co', '&lt;@U123&gt; &amp; co'],
    ];
    for (const [input, echoed] of cases) {
      it(`handles ${JSON.stringify(input)}`, async () => {
        const r = await h.command(input);
        expect(r.status).toBe(200);
        const all = `${r.json?.text} ${blocksText(r.json)}`;
        expect(all).not.toMatch(/<!channel>|<!here>|<https?:|<@U/);
        if (echoed) expect(all).toContain(echoed);
      });
    }

    it('handles 10,000 characters', async () => {
      const r = await h.command('x'.repeat(10_000));
      expect(r.status).toBe(200);
      expect(blocksText(r.json)).toContain('longer than any account name');
    });

    it('keeps the accounts table intact after SQL-looking input', () => {
      expect((h.db.$client.prepare('select count(*) n from accounts').get() as { n: number }).n).toBe(5);
    });
  });
});

describe('/health with command text that is not a single string (issue 10)', () => {
  it('a repeated text field gets a polite answer, not "something went wrong"', async () => {
    const body = new URLSearchParams([
      ['command', '/health'],
      ['user_id', 'UCSM1'],
      ['team_id', 'T0001'],
      ['channel_id', 'C0001'],
      ['trigger_id', '1.2.x'],
      ['response_url', 'http://127.0.0.1:9/never'],
      ['text', 'acme-corp'],
      ['text', 'globex'],
    ]).toString();
    const r = await postForm(h.url, SECRET, body);
    expect(r.status).toBe(200);
    expect(r.json?.response_type).toBe('ephemeral');
    expect(JSON.stringify(r.json)).toContain('That command text could not be read.');
    expect(JSON.stringify(r.json)).not.toContain('Something went wrong');
  });
});
