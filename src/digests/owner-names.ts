/** Owners' display names for digests that name people without mentioning them (by Slack id and by email). */
export { ownerNames } from '../team/store';
