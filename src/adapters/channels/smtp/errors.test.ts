import { describe, expect, it } from 'vitest';
import { classifySmtpError, type SmtpErrorLike } from './errors.ts';

describe('classifySmtpError', () => {
  it.each<[string, SmtpErrorLike, string, string]>([
    [
      '421 service not available',
      { code: 'EENVELOPE', responseCode: 421, command: 'RCPT TO' },
      'smtp_421',
      'retry',
    ],
    ['450 mailbox busy', { code: 'EENVELOPE', responseCode: 450, command: 'RCPT TO' }, 'smtp_450', 'retry'],
    [
      '452 insufficient storage',
      { code: 'EMESSAGE', responseCode: 452, command: 'DATA' },
      'smtp_452',
      'retry',
    ],
    [
      '454 temporary auth failure',
      { code: 'EAUTH', responseCode: 454, command: 'AUTH PLAIN' },
      'smtp_454',
      'retry',
    ],
    ['503 bad sequence', { code: 'EPROTOCOL', responseCode: 503 }, 'smtp_503', 'retry'],
    [
      '550 mailbox unavailable',
      { code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' },
      'smtp_550',
      'fail',
    ],
    ['552 message too big', { code: 'EMESSAGE', responseCode: 552, command: 'DATA' }, 'smtp_552', 'fail'],
    ['554 content rejected', { code: 'EMESSAGE', responseCode: 554, command: 'DATA' }, 'smtp_554', 'fail'],
    [
      '535 bad credentials',
      { code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' },
      'smtp_535',
      'pause_sender',
    ],
    [
      '530 auth required',
      { code: 'EENVELOPE', responseCode: 530, command: 'MAIL FROM' },
      'smtp_530',
      'pause_sender',
    ],
    [
      '553 sender refused',
      { code: 'EENVELOPE', responseCode: 553, command: 'MAIL FROM' },
      'smtp_553',
      'pause_sender',
    ],
    ['connection refused', { code: 'ESOCKET', command: 'CONN' }, 'ESOCKET', 'retry'],
    ['connection closed', { code: 'ECONNECTION' }, 'ECONNECTION', 'retry'],
    ['timed out', { code: 'ETIMEDOUT' }, 'ETIMEDOUT', 'retry'],
    ['dns failure', { code: 'EDNS' }, 'EDNS', 'retry'],
    ['aborted', { code: 'EABORT' }, 'EABORT', 'retry'],
    ['tls mismatch', { code: 'ETLS' }, 'ETLS', 'pause_sender'],
    ['no credentials', { code: 'ENOAUTH' }, 'ENOAUTH', 'pause_sender'],
    ['bad address', { code: 'EENVELOPE' }, 'EENVELOPE', 'fail'],
    ['unknown', {}, 'smtp_error', 'retry'],
  ])('%s', (_, error, code, action) => {
    expect(classifySmtpError(error)).toEqual({ code, action });
  });
});
