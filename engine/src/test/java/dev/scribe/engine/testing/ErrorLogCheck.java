package dev.scribe.engine.testing;

import dev.scribe.engine.EngineException;
import dev.scribe.engine.monitor.ErrorLogSnapshot;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fails a test whose engines logged an error it did not declare. After each test it finds the test's temporary
 * directories (fields and parameters annotated {@link TempDir}, static ones too), reads every engine error log
 * under them ({@code errors.dat} and the {@code errors-*.dat} kept from earlier runs, of engines in this JVM or in
 * child processes, running or not) with {@link ErrorLogSnapshot#read}, and fails naming each error not seen after
 * an earlier test whose text contains none of the parts the test declares with {@link ExpectedErrors}. A log that
 * cannot be read fails the test too, unless its problem is expected the same way.
 */
public final class ErrorLogCheck implements InvocationInterceptor, AfterEachCallback
{
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ErrorLogCheck.class);
    private static final String PARAMETER_DIRS = "parameter directories";
    private static final String SEEN = "errors seen";

    @Override
    public void interceptTestMethod(final Invocation<Void> invocation,
        final ReflectiveInvocationContext<Method> invocationContext, final ExtensionContext extensionContext)
        throws Throwable
    {
        remember(invocationContext.getArguments(), extensionContext);
        invocation.proceed();
    }

    @Override
    public void interceptTestTemplateMethod(final Invocation<Void> invocation,
        final ReflectiveInvocationContext<Method> invocationContext, final ExtensionContext extensionContext)
        throws Throwable
    {
        remember(invocationContext.getArguments(), extensionContext);
        invocation.proceed();
    }

    @Override
    public void afterEach(final ExtensionContext context)
    {
        final Set<Path> directories = new LinkedHashSet<>(parameterDirectories(context));
        for (final Object instance : context.getRequiredTestInstances().getAllInstances())
        {
            addFieldDirectories(instance.getClass(), instance, directories);
        }
        final List<String> expected = expectedParts(context);
        @SuppressWarnings("unchecked")
        final Map<String, Integer> seen = context.getRoot().getStore(NAMESPACE)
            .getOrComputeIfAbsent(SEEN, key -> new ConcurrentHashMap<String, Integer>(), Map.class);
        final StringBuilder unexpected = new StringBuilder();
        for (final Path log : errorLogs(directories))
        {
            check(log, expected, seen, unexpected);
        }
        if (unexpected.length() > 0)
        {
            throw new AssertionError("an engine logged errors this test does not expect (declare the errors a test " +
                "provokes with @" + ExpectedErrors.class.getSimpleName() + "):" + unexpected);
        }
    }

    private static void check(final Path log, final List<String> expected, final Map<String, Integer> seen,
        final StringBuilder unexpected)
    {
        final ErrorLogSnapshot snapshot;
        try
        {
            snapshot = ErrorLogSnapshot.read(log);
        }
        catch (final EngineException ex)
        {
            if (!Files.exists(log))
            {
                return; // kept under another name meanwhile: the next look finds it there
            }
            final String problem = String.valueOf(ex.getMessage());
            if (null == seen.putIfAbsent("unreadable " + log, 1) && !matches(problem, expected))
            {
                unexpected.append("\n\n").append(log).append(" cannot be read: ").append(problem);
            }
            return;
        }
        for (final ErrorLogSnapshot.DistinctError error : snapshot.errors())
        {
            // an error keeps its pid and first time when its log is kept under another name
            final String key = log.getParent() + " " + snapshot.pid() + " " + error.firstMs() + " " + error.text();
            final Integer before = seen.put(key, error.observations());
            if ((null == before || before < error.observations()) && !matches(error.text(), expected))
            {
                unexpected.append("\n\n").append(log).append(", ").append(error.observations())
                    .append(" observations of:\n").append(error.text());
            }
        }
    }

    private static boolean matches(final String text, final List<String> expected)
    {
        for (final String part : expected)
        {
            if (text.contains(part))
            {
                return true;
            }
        }
        return false;
    }

    private static void remember(final List<Object> arguments, final ExtensionContext context)
    {
        final List<Path> directories = new ArrayList<>();
        for (final Object argument : arguments)
        {
            if (argument instanceof Path path)
            {
                directories.add(path);
            }
            else if (argument instanceof File file)
            {
                directories.add(file.toPath());
            }
        }
        context.getStore(NAMESPACE).put(PARAMETER_DIRS, directories);
    }

    @SuppressWarnings("unchecked")
    private static List<Path> parameterDirectories(final ExtensionContext context)
    {
        final List<Path> directories = context.getStore(NAMESPACE).get(PARAMETER_DIRS, List.class);
        return null == directories ? List.of() : directories;
    }

    private static void addFieldDirectories(final Class<?> type, final Object instance, final Set<Path> directories)
    {
        final List<Field> fields = ReflectionSupport.findFields(type,
            field -> AnnotationSupport.isAnnotated(field, TempDir.class), HierarchyTraversalMode.TOP_DOWN);
        for (final Field field : fields)
        {
            final Object owner = Modifier.isStatic(field.getModifiers()) ? null : instance;
            final Object value = ReflectionSupport.tryToReadFieldValue(field, owner).toOptional().orElse(null);
            if (value instanceof Path path)
            {
                directories.add(path);
            }
            else if (value instanceof File file)
            {
                directories.add(file.toPath());
            }
        }
    }

    private static List<String> expectedParts(final ExtensionContext context)
    {
        final List<String> parts = new ArrayList<>();
        for (ExtensionContext c = context; null != c; c = c.getParent().orElse(null))
        {
            c.getElement().flatMap(element -> AnnotationSupport.findAnnotation(element, ExpectedErrors.class))
                .ifPresent(annotation -> parts.addAll(List.of(annotation.value())));
        }
        return parts;
    }

    private static List<Path> errorLogs(final Set<Path> directories)
    {
        final List<Path> logs = new ArrayList<>();
        for (final Path directory : directories)
        {
            if (!Files.isDirectory(directory))
            {
                continue;
            }
            try
            {
                Files.walkFileTree(directory, new SimpleFileVisitor<>()
                {
                    @Override
                    public FileVisitResult visitFile(final Path file, final BasicFileAttributes attributes)
                    {
                        if (attributes.isRegularFile() && ErrorLogSnapshot.isErrorLogName(file))
                        {
                            logs.add(file);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(final Path file, final IOException ex)
                    {
                        return FileVisitResult.CONTINUE; // removed while walked: nothing to read
                    }
                });
            }
            catch (final IOException ex)
            {
                throw new AssertionError("cannot look for error logs under " + directory, ex);
            }
        }
        return logs;
    }
}
