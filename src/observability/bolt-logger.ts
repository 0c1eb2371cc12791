/** Bolt's Logger interface on top of pino, so Bolt's own messages come out as the same structured JSON lines. */
import { LogLevel, type Logger } from '@slack/bolt';
import type { Pino } from './logger';

const TO_PINO: Record<LogLevel, string> = { [LogLevel.DEBUG]: 'debug', [LogLevel.INFO]: 'info', [LogLevel.WARN]: 'warn', [LogLevel.ERROR]: 'error' };

function join(msg: unknown[]): string {
  return msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ');
}

export function boltLogger(base: Pino): Logger {
  let log = base.child({ component: 'bolt' });
  let level = LogLevel.INFO;
  return {
    debug: (...msg) => log.debug(join(msg)),
    info: (...msg) => log.info(join(msg)),
    warn: (...msg) => log.warn(join(msg)),
    error: (...msg) => {
      const err = msg.find((m): m is Error => m instanceof Error);
      if (err) log.error({ err }, join(msg));
      else log.error(join(msg));
    },
    setLevel(l) {
      level = l;
      log.level = TO_PINO[l];
    },
    getLevel: () => level,
    setName(name) {
      log = base.child({ component: name });
      log.level = TO_PINO[level];
    },
  };
}
