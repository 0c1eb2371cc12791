/**
 * runDigests: build this week's leadership digest (with charts) and each CSM's book digest, and enqueue
 * them for delivery. Idempotent per (week, audience): digest_log records progress and every outbox row
 * has a deterministic idempotency key, so a second run, or a run after a crash mid-way, posts nothing twice.
 */
import { dirname, join } from 'node:path';
import type { Db } from '../../db';
import { buildCsmDigest } from '../../blocks/digest-csm';
import { buildLeadershipDigest } from '../../blocks/digest-leadership';
import { validationFor } from '../validation/store';
import type { AppConfig } from '../config/schema';
import { enqueue } from '../delivery/store/outbox';
import { type PlaybookSteps, bookContext, bookOwners, computeBook } from '../metrics/book';
import { computeMetrics } from '../metrics/compute';
import { dataFreshness, staleStatements } from '../scoring/freshness';
import { interventionEstimate } from '../metrics/intervention';
import { churnLikelihoods, rankByExpectedArrAtRisk } from '../domain/churn-likelihood';
import { ownerNames } from './owner-names';
import { type ChartFile, writeDigestCharts } from './charts';
import { cohortDigestPart } from './cohort-section';
import { claimDigest, markQueued, refreshDigestLog } from './store';
import { resolveDigestWeek } from './week';
import { expansionWeeklyBatch } from '../alerts/expansion-batch';

export type Audience = 'all' | 'leadership' | 'csm';

export interface RunDigestsOptions {
  config: AppConfig;
  now: Date;
  /** ISO week, e.g. 2026-W48; default = the ISO week of `now` in config.timezone */
  week?: string;
  audience?: Audience;
  /** offline outbox file: charts are written next to it, in charts/ */
  outboxFile?: string;
  /** where chart PNGs go (overrides the outbox-relative default; default data/charts) */
  chartsDir?: string;
  /** playbooks for overdue-step reporting; without them the CSM digest says steps are not shown */
  playbooks?: readonly PlaybookSteps[];
  /** progress lines */
  log?: (line: string) => void;
}

export type LeadershipOutcome = 'posted' | 'resumed' | 'skipped-already-sent' | 'not-requested';

export interface RunDigestsResult {
  week: string;
  asOf: string;
  leadership: LeadershipOutcome;
  csm: { posted: number; resumed: number; skipped: number; noSlackId: number };
  /** chart PNG paths written (and queued for upload) by this run */
  charts: string[];
  /** outbox rows this run created */
  enqueued: number;
  /** the weekly expansion-opportunity batch (one DM per owner), sent with the CSM digests */
  expansion?: { owners: number; opportunities: number; enqueued: number };
}

export function digestKey(week: string, audience: string, part?: string): string {
  return `digest:${week}:${audience}${part ? `:${part}` : ''}`;
}

export function defaultChartsDir(opts: Pick<RunDigestsOptions, 'chartsDir' | 'outboxFile'>): string {
  return opts.chartsDir ?? (opts.outboxFile ? join(dirname(opts.outboxFile), 'charts') : join('data', 'charts'));
}

export function runDigests(db: Db, opts: RunDigestsOptions): RunDigestsResult {
  const { config, now } = opts;
  const audience = opts.audience ?? 'all';
  const log = opts.log ?? (() => undefined);
  const { week, asOf } = resolveDigestWeek(config.timezone, now, opts.week);
  refreshDigestLog(db, now);
  const result: RunDigestsResult = {
    week,
    asOf,
    leadership: 'not-requested',
    csm: { posted: 0, resumed: 0, skipped: 0, noSlackId: 0 },
    charts: [],
    enqueued: 0,
  };

  if (audience !== 'csm') {
    const claim = claimDigest(db, week, 'leadership', now);
    if (claim === 'done') {
      result.leadership = 'skipped-already-sent';
      log(`leadership digest ${week}: already posted, skipped`);
    } else {
      log(`leadership digest ${week}: computing metrics as of ${asOf}`);
      const d = config.digests;
      const metrics = computeMetrics(db, { asOf, moverMinPoints: d.leadership.moverMinPoints });
      const validation = validationFor(db, config.scoring);
      const churnLikelihood = churnLikelihoods(validation, config.churnLikelihood);
      const intervention = interventionEstimate(rankByExpectedArrAtRisk(metrics.scored, churnLikelihood), {
        topN: d.topN,
        effectiveness: d.effectiveness,
        costPerAccount: d.interventionCost,
      });
      let charts: ChartFile[] = [];
      if (d.charts) {
        charts = writeDigestCharts(metrics, week, defaultChartsDir(opts));
        log(`leadership digest ${week}: charts written: ${charts.map((c) => c.path).join(', ')}`);
      }
      const msg = buildLeadershipDigest({
        week,
        metrics,
        validation: validation.run,
        validationOtherConfig: validation.otherConfig,
        intervention,
        costPerAccount: d.interventionCost,
        churnLikelihood,
        mentionOwners: d.leadership.mentionOwners,
        ownerNames: d.leadership.mentionOwners ? undefined : ownerNames(db),
        moverMinPoints: d.leadership.moverMinPoints,
        chartTitles: charts.map((c) => c.title),
        dataWarnings: staleStatements(dataFreshness(db, asOf, config.scoring)),
      });
      const cohorts = cohortDigestPart(db, { config, week, asOf, chartsDir: d.charts ? defaultChartsDir(opts) : undefined, log });
      if (cohorts) {
        msg.blocks.push(...cohorts.blocks);
        charts.push(...cohorts.charts);
      }
      const channel = d.leadershipChannel;
      db.$client.transaction(() => {
        const ids: number[] = [];
        const post = enqueue(
          db,
          {
            idempotencyKey: digestKey(week, 'leadership'),
            method: 'chat.postMessage',
            args: { channel, text: msg.text, blocks: msg.blocks, unfurl_links: false },
            channel,
          },
          now,
        );
        ids.push(post.id);
        result.enqueued += post.created ? 1 : 0;
        for (const c of charts) {
          const up = enqueue(
            db,
            {
              idempotencyKey: digestKey(week, 'leadership', `chart:${c.key}`),
              method: 'files.uploadV2',
              args: { channel_id: channel, file_path: c.path, filename: c.filename, title: c.title, initial_comment: c.title },
              channel,
            },
            now,
          );
          ids.push(up.id);
          result.enqueued += up.created ? 1 : 0;
        }
        markQueued(
          db,
          week,
          'leadership',
          ids,
          { asOf, atRiskAccounts: metrics.atRisk.length, totalArr: metrics.headline.totalArr.value, charts: charts.map((c) => c.filename) },
          now,
        );
      })();
      result.charts = charts.map((c) => c.path);
      result.leadership = claim === 'new' ? 'posted' : 'resumed';
      log(`leadership digest ${week}: queued for ${channel}`);
    }
  }

  if (audience !== 'leadership' && config.digests.csmDigests) {
    const context = bookContext(db, asOf, now);
    const dataWarnings = staleStatements(dataFreshness(db, asOf, config.scoring));
    for (const member of bookOwners(db)) {
      if (!member.slackId) {
        result.csm.noSlackId++;
        continue;
      }
      const key = `csm:${member.email}`;
      const claim = claimDigest(db, week, key, now);
      if (claim === 'done') {
        result.csm.skipped++;
        continue;
      }
      const book = computeBook(db, member, {
        asOf,
        now,
        playbooks: opts.playbooks,
        context,
        renewalDays: config.digests.csmRenewalDays,
        noTouchDays: config.digests.noTouchDays,
      });
      const msg = buildCsmDigest(book, { week, dataWarnings });
      db.$client.transaction(() => {
        const r = enqueue(
          db,
          {
            idempotencyKey: digestKey(week, key),
            method: 'chat.postMessage',
            args: { channel: member.slackId, text: msg.text, blocks: msg.blocks, unfurl_links: false },
            channel: member.slackId!,
          },
          now,
        );
        result.enqueued += r.created ? 1 : 0;
        markQueued(db, week, key, [r.id], { asOf, accounts: book.accounts, atRiskArr: book.atRiskArr, openAlerts: book.openAlerts.length }, now);
      })();
      if (claim === 'new') result.csm.posted++;
      else result.csm.resumed++;
    }
    log(
      `csm digests ${week}: ${result.csm.posted} queued, ${result.csm.resumed} resumed, ${result.csm.skipped} already sent, ${result.csm.noSlackId} owners without a Slack id`,
    );
  }
  if (audience !== 'leadership') {
    result.expansion = expansionWeeklyBatch(db, { config, now, week });
    result.enqueued += result.expansion.enqueued;
    log(`expansion batch ${week}: ${result.expansion.opportunities} opportunities to ${result.expansion.owners} owner(s)`);
  }
  return result;
}
