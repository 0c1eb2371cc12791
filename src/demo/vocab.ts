/** Word lists for the demo generator: fictional companies, people, and the text of tickets and NPS comments. */

export const SEGMENTS = ['Starter', 'Growth', 'Pro', 'Enterprise'] as const;
export type Segment = (typeof SEGMENTS)[number];

export const INDUSTRIES = [
  'Software',
  'Fintech',
  'Healthcare',
  'Retail',
  'Manufacturing',
  'Logistics',
  'Education',
  'Media',
  'Real Estate',
  'Professional Services',
  'Hospitality',
  'Nonprofit',
] as const;

export const COUNTRIES: readonly (readonly [string, number])[] = [
  ['US', 52],
  ['GB', 10],
  ['DE', 8],
  ['CA', 6],
  ['FR', 5],
  ['AU', 5],
  ['NL', 4],
  ['SE', 3],
  ['SG', 3],
  ['IN', 2],
  ['BR', 2],
];

export const NAME_HEADS = [
  'Blue', 'North', 'Iron', 'Bright', 'Silver', 'Red', 'Cedar', 'Harbor', 'Summit', 'Pine', 'Quantum', 'Nova',
  'Stone', 'River', 'Copper', 'Atlas', 'Vertex', 'Crystal', 'Golden', 'Swift', 'Maple', 'Polar', 'Solar', 'Lunar',
  'Granite', 'Amber', 'Falcon', 'Orbit', 'Coral', 'Delta', 'Echo', 'Ember', 'Frost', 'Helix', 'Indigo', 'Juniper',
  'Kestrel', 'Lumen', 'Meridian', 'Nimbus', 'Oak', 'Pioneer', 'Quill', 'Raven', 'Sable', 'Tidal', 'Umber', 'Vivid',
  'Willow', 'Zephyr', 'Aspen', 'Beacon', 'Cobalt', 'Drift', 'Evergreen', 'Fathom', 'Glacier', 'Horizon', 'Ivory',
  'Keystone',
] as const;

export const NAME_TAILS = [
  'wave', 'stack', 'forge', 'line', 'point', 'bridge', 'field', 'works', 'gate', 'leaf', 'path', 'spark', 'vault',
  'grid', 'shift', 'loop', 'mark', 'peak', 'port', 'ridge', 'scale', 'signal', 'stream', 'trail', 'view', 'yard',
  'craft', 'base', 'cloud', 'core', 'dock', 'fleet', 'hub', 'labs', 'mill', 'nest', 'rock', 'sight', 'sphere',
  'well',
] as const;

export const NAME_SUFFIXES = [
  'Inc', 'Labs', 'Systems', 'Analytics', 'Health', 'Logistics', 'Software', 'Group', 'Partners', 'Technologies',
  'Co', 'Studios', 'Networks', 'Solutions', 'Retail', 'Capital',
] as const;

export const FIRST_NAMES = [
  'Maya', 'Liam', 'Priya', 'Noah', 'Sofia', 'Ethan', 'Aisha', 'Lucas', 'Chen', 'Olivia', 'Mateo', 'Hannah',
  'Kenji', 'Amara', 'Jonas', 'Elena', 'Omar', 'Grace', 'Diego', 'Freya', 'Ravi', 'Chloe', 'Tomas', 'Nadia',
  'Samuel', 'Ingrid', 'Kofi', 'Leah', 'Arjun', 'Zoe', 'Felix', 'Yuki', 'Marcus', 'Isla', 'Hugo', 'Layla',
] as const;

export const LAST_NAMES = [
  'Patel', 'Nguyen', 'Okafor', 'Schmidt', 'Garcia', 'Kim', 'Rossi', 'Andersen', 'Silva', 'Cohen', 'Murphy',
  'Tanaka', 'Dubois', 'Kowalski', 'Haddad', 'Larsen', 'Mendes', 'Fischer', 'Osei', 'Walsh', 'Ibrahim', 'Moreau',
  'Novak', 'Reyes', 'Sato', 'Bianchi', 'Eriksen', 'Costa', 'Brennan', 'Adeyemi', 'Lindqvist', 'Varga',
] as const;

export const TIME_ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Amsterdam',
  'Asia/Singapore',
  'Australia/Sydney',
] as const;

export const TICKET_SUBJECTS = [
  'SSO login fails for some users',
  'CSV export times out',
  'Dashboard loads slowly',
  'How do I add a new workspace?',
  'Webhook deliveries delayed',
  'Billing invoice shows wrong seat count',
  'Salesforce sync missing records',
  'Permission error when sharing reports',
  'API rate limit questions',
  'Data import stuck at 80%',
  'Mobile app crashes on launch',
  'Request: bulk edit for records',
  'Email notifications not arriving',
  'Audit log export for compliance',
  'Integration with Slack disconnected',
  'Onboarding: configuring user roles',
] as const;

export const NPS_COMMENTS = {
  promoter: [
    'Saves our team hours every week.',
    'Support is fast and genuinely helpful.',
    'The reporting is exactly what leadership needed.',
    'Rolled it out to two more departments already.',
    'Rock solid, we barely think about it.',
  ],
  passive: [
    'Does the job, a few rough edges.',
    'Good product, pricing feels high for what we use.',
    'Would like better integrations.',
    'Reporting could be more flexible.',
  ],
  detractor: [
    'Performance has been poor lately.',
    'Too many bugs since the last release.',
    'Hard to get the team to adopt it.',
    'Support takes days to respond.',
    'We are evaluating alternatives.',
    'Missing features we were promised.',
  ],
} as const;

export const COMPETITORS = ['Gainsight', 'ChurnZero', 'Vitally', 'Planhat', 'Totango'] as const;

export const CHAMPION_TITLES = ['VP Operations', 'Head of RevOps', 'Director of IT', 'COO', 'Head of Customer Success', 'Product Lead'] as const;

export const ADD_ONS = ['Analytics add-on', 'Advanced Security', 'Automation pack', 'Premium Support'] as const;
