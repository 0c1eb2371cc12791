/**
 * The proposed config file `calibrate` writes: the live config file's text (comments and all) with the
 * fitted scoring weights, segment weights and tier thresholds set, checked against the config schema.
 * The live file itself is never touched.
 */
import { Document, parseDocument } from 'yaml';
import { parseConfig } from '../config/load';
import type { AppConfig } from '../config/schema';

export function proposedConfigYaml(liveText: string | null, scoring: AppConfig['scoring'], header: string[]): string {
  const doc = liveText?.trim() ? parseDocument(liveText) : new Document({});
  if (doc.errors.length) throw new Error(`the live config is not valid YAML: ${doc.errors[0].message}`);
  doc.setIn(['scoring', 'weights'], doc.createNode({ ...scoring.weights }));
  doc.setIn(['scoring', 'tiers'], doc.createNode({ ...scoring.tiers }));
  doc.setIn(['scoring', 'partWeights'], doc.createNode(JSON.parse(JSON.stringify(scoring.partWeights ?? {}))));
  doc.setIn(['scoring', 'segments'], doc.createNode(Object.fromEntries(Object.entries(scoring.segments).map(([k, v]) => [k, { weights: { ...v.weights } }]))));
  doc.commentBefore = [...header, ...(doc.commentBefore ? ['', doc.commentBefore] : [])].map((l) => (l ? ` ${l}` : '')).join('\n');
  const text = doc.toString();
  parseConfig(doc.toJS(), 'proposed config'); // throws ConfigError naming the key if the fit broke a constraint
  return text;
}
