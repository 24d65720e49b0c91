/** What the data module reports when a conditional write does not hold. */
export class VersionConflict<T> extends Error {
  constructor(readonly current: T | null) {
    super('version conflict');
  }
}

export class UniqueConflict extends Error {
  constructor(
    readonly field: 'creditCode' | 'licenceNumber',
    readonly existingId: string,
  ) {
    super(`duplicate ${field}`);
  }
}

export class NotFound extends Error {
  constructor() {
    super('not found');
  }
}
