/**
 * What the tests of every module that launches engines share: {@link dev.scribe.engine.testing.ErrorLogCheck}, a
 * JUnit extension that reads every engine error log under a test's temporary directories after the test and fails
 * it on an error it did not declare with {@link dev.scribe.engine.testing.ExpectedErrors}. It is registered by
 * JUnit's extension auto-detection (the build turns it on) wherever the engine's test jar is on the class path.
 */
package dev.scribe.engine.testing;
