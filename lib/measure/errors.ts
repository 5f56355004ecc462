/**
 * Two timestamps of one step are in the wrong order. Measuring anyway would report a negative or
 * shortened RTO/RPO as evidence, so the measurement stops and names the pair instead.
 */
export class ClockSkewError extends Error {
  override readonly name = 'ClockSkewError';

  constructor(
    readonly what: string,
    readonly startIso: string,
    readonly endIso: string,
  ) {
    super(`${what}: ends (${endIso}) before it starts (${startIso}); refusing to measure a negative duration`);
  }
}

/** A timestamp that does not parse: a NaN would otherwise travel silently into the report. */
export class InvalidTimestampError extends Error {
  override readonly name = 'InvalidTimestampError';

  constructor(
    readonly what: string,
    readonly value: string,
  ) {
    super(`${what}: "${value}" is not an ISO-8601 timestamp`);
  }
}
