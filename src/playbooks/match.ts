import { SEVERITY_RANK } from '../alerts/rule-ids';
import type { Playbook } from './schema';

/**
 * Pick the playbook for an alert: a playbook naming the rule wins; otherwise the first playbook matching one of the
 * account's drivers in rank order (the biggest driver decides). Ties prefer the playbook whose severity is closest.
 */
export function matchPlaybook(
  playbooks: readonly Playbook[],
  alert: { rule: string; severity: keyof typeof SEVERITY_RANK; drivers?: readonly string[] },
): Playbook | undefined {
  const closest = (list: Playbook[]) =>
    list.sort(
      (a, b) => Math.abs(SEVERITY_RANK[a.severity] - SEVERITY_RANK[alert.severity]) - Math.abs(SEVERITY_RANK[b.severity] - SEVERITY_RANK[alert.severity]),
    )[0];
  const byRule = playbooks.filter((p) => p.triggers.rules.includes(alert.rule));
  if (byRule.length) return closest(byRule);
  for (const d of alert.drivers ?? []) {
    const byDriver = playbooks.filter((p) => p.triggers.drivers.includes(d));
    if (byDriver.length) return closest(byDriver);
  }
  return undefined;
}

/** For the account card's "2/4 steps": step count by playbook id (wire into createSlackApp's playbookStepCount). */
export function playbookStepCounter(playbooks: readonly Playbook[]): (playbookId: string) => number | undefined {
  const byId = new Map(playbooks.map((p) => [p.id, p.steps.length]));
  return (id) => byId.get(id);
}
