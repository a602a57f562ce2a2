import { checkHistory } from './checker';
import { emptyFigures, FaultReport, lastErrorLine, NOT_TESTED_HERE, toMarkdown } from './report';
import { allViolations } from './verdict';

function cleanReport(): FaultReport {
  const clean = checkHistory([], new Map()).summary;
  return {
    seed: 1,
    profile: 'small',
    replay: 'npm run test:faults -- --seed 1 --profile small',
    startedAt: '2026-11-26T20:00:00Z',
    durationMs: 1000,
    environment: {},
    phases: [
      {
        name: 'baseline',
        description: 'none',
        faults: [],
        ms: 1,
        orders: emptyFigures(),
        stuck: [],
        violations: [],
      },
    ],
    total: emptyFigures(),
    stock: {
      samples: 10,
      skipped: 0,
      reservedOverOnHand: 0,
      negativeAvailable: 0,
      apiSamples: 10,
      examples: [],
    },
    movements: {
      events: 2,
      deliveries: 3,
      requests: 2,
      check: clean,
      appliedTwice: 0,
      wrongFinalOnHand: [],
      faults: [],
    },
    storm: {
      requests: 1000,
      key: 'shopify:1',
      answers: { '202': 1000 },
      attempts: 1000,
      shed: 0,
      fiveXx: 0,
      unacknowledged: 0,
      distinctOrderIds: 1,
      ms: 1,
      ordersCreated: 1,
      erpSalesOrders: 1,
    },
    poison: {
      published: 2,
      subject: 's',
      deadLettered: 2,
      withReason: 2,
      consumers: ['c'],
      replayed: 2,
      secondReplayRefused: 2,
      deadLetteredAgainAfterReplay: 2,
      waitedMs: 1,
    },
    outboxAfterDrain: { order_ingestion: 0 },
    unexpectedExits: [],
    drainMs: 1,
    notRun: [],
    violations: [],
    notTestedHere: NOT_TESTED_HERE,
  };
}

describe('allViolations', () => {
  it('passes a clean run', () => {
    expect(allViolations(cleanReport())).toEqual([]);
  });

  it('fails on a storm that created two orders, a 5xx, an unreplayed dead letter and an outbox backlog', () => {
    const sut = cleanReport();
    sut.storm = { ...sut.storm!, ordersCreated: 2, fiveXx: 3 };
    sut.poison = { ...sut.poison!, replayed: 1, secondReplayRefused: 1 };
    sut.outboxAfterDrain = { order_ingestion: 4 };
    expect(allViolations(sut)).toEqual([
      'retry storm: 2 orders created (1 expected)',
      'retry storm: 3 5xx answers other than 503 with Retry-After',
      'poison: 1 of 2 replayed',
      'outbox order_ingestion: 4 unpublished after drain',
    ]);
  });

  it('passes a storm whose shed deliveries were acknowledged on retry, fails one never acknowledged', () => {
    const sut = cleanReport();
    sut.storm = { ...sut.storm!, answers: { '202': 1000, '503': 63 }, attempts: 1063, shed: 63 };
    expect(allViolations(sut)).toEqual([]);
    sut.storm = { ...sut.storm, unacknowledged: 2 };
    expect(allViolations(sut)).toEqual([
      "retry storm: 2 of 1000 deliveries never acknowledged (2xx) within the sender's attempts",
    ]);
  });

  it('carries phase violations and stock samples through', () => {
    const sut = cleanReport();
    sut.phases[0].violations = ['1 lost'];
    sut.stock.reservedOverOnHand = 2;
    expect(allViolations(sut)).toEqual([
      'baseline: 1 lost',
      'stock: 2 samples with reserved > on-hand',
    ]);
  });

  it('does not judge steps that were not run', () => {
    const sut = cleanReport();
    sut.storm = { ...sut.storm!, ordersCreated: 0, notRun: 'route missing' };
    expect(allViolations(sut)).toEqual([]);
  });
});

describe('toMarkdown', () => {
  it('prints the seed, the replay command and what one machine cannot test', () => {
    const md = toMarkdown(cleanReport());
    expect(md).toContain('Seed **1**');
    expect(md).toContain('`npm run test:faults -- --seed 1 --profile small`');
    expect(md).toContain('Multi-node NATS');
    expect(md).toContain('no violation');
  });
});

describe('lastErrorLine', () => {
  it('picks the last error line of a crashed service, without colours', () => {
    const output =
      '\x1b[32mstarted\x1b[39m\n\x1b[31mERROR\x1b[39m Error: read ECONNRESET\n  at x\n';
    expect(lastErrorLine(output)).toBe('ERROR Error: read ECONNRESET');
    expect(lastErrorLine('just one line')).toBe('just one line');
  });
});
