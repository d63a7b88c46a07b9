package dev.scribe.engine.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Errors a test provokes on purpose: {@link ErrorLogCheck} lets an engine's error log hold an error whose text
 * contains any of these parts; any other fails the test. On a class, it holds for each of its tests (and those of
 * nested classes), together with any on the method.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ExpectedErrors
{
    /**
     * Parts of the expected errors' text (a stack trace: the exception's class and message come first).
     *
     * @return the parts; an error containing any of them is expected.
     */
    String[] value();
}
