/**
 * The order test files start in (vitest.config.ts `sequence.sequencer`): the
 * unit files first, then the browser project, then the database, each the
 * longest first. Long files first, so that at the end the two workers share
 * out the many short ones and finish together, instead of one worker waiting
 * on a long file while the other has nothing left; whole projects one after
 * another, because a worker is reused for the next file only when that file
 * is of the same project (`isolate: false`): a worker started afresh imports
 * the app again. The database project last: it has the most short files
 * (some forty of a second or two) to share out at the end, where the unit
 * project's few long ones (the CDK synths, the supervisor's JVM starts) ended
 * the run when it came last. Vitest's own order runs the projects by name
 * (db, site, unit).
 *
 * How long a file takes is read from the last run (vitest's cache of
 * results); a file it has not seen is guessed from its size.
 */
import { stat } from 'node:fs/promises';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Projects in the order they start; one not listed starts last. */
const PROJECT_ORDER = ['unit', 'site', 'db'];

/** Rough milliseconds per kilobyte of test file, for files the cache has not seen. */
const MS_PER_KB = 100;

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const estimate = new Map<TestSpecification, number>();
    await Promise.all(
      files.map(async (spec) => {
        const known = this.ctx.cache.getTestSpecificationResult(spec);
        if (known) return estimate.set(spec, known.duration);
        const bytes = await stat(spec.moduleId).then((s) => s.size, () => 0);
        estimate.set(spec, (bytes / 1024) * MS_PER_KB);
      }),
    );
    const rank = (spec: TestSpecification) => {
      const index = PROJECT_ORDER.indexOf(spec.project.name);
      return index === -1 ? PROJECT_ORDER.length : index;
    };
    return [...files].sort(
      (a, b) =>
        a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder ||
        rank(a) - rank(b) ||
        estimate.get(b)! - estimate.get(a)!,
    );
  }
}
