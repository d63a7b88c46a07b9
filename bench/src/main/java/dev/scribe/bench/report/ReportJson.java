package dev.scribe.bench.report;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Report} as JSON, {@code report.json}: each record an object with its components as fields, in
 * declaration order, lists as arrays, enums by name, numbers that were not measured as null. A chart carries its
 * kind in a {@code type} field ({@code BarChart} or {@code LineChart}). {@link #read} takes back what {@link #write}
 * wrote, so a page can be rendered again from the data without running anything.
 */
public final class ReportJson
{
    private static final String TYPE_FIELD = "type";

    private ReportJson()
    {
    }

    /**
     * The report as JSON text.
     *
     * @param report the report.
     * @return its JSON, ending with a newline.
     */
    public static String write(final Report report)
    {
        return Json.write(toTree(report));
    }

    /**
     * A report from JSON written by {@link #write}.
     *
     * @param json the JSON text.
     * @return the report.
     * @throws IllegalArgumentException naming the field that is missing or of the wrong kind, or where the text is
     *                                  not JSON.
     */
    public static Report read(final String json)
    {
        return (Report)fromTree(Json.parse(json), Report.class, "report");
    }

    private static Object toTree(final Object value)
    {
        if (value instanceof Record)
        {
            final Map<String, Object> object = new LinkedHashMap<>();
            final Class<?> type = value.getClass();
            if (type.getInterfaces().length > 0 && type.getInterfaces()[0].isSealed())
            {
                object.put(TYPE_FIELD, type.getSimpleName());
            }
            for (final RecordComponent component : type.getRecordComponents())
            {
                object.put(component.getName(), toTree(accessor(component, value)));
            }
            return object;
        }
        if (value instanceof List)
        {
            final List<Object> list = new ArrayList<>();
            for (final Object element : (List<?>)value)
            {
                list.add(toTree(element));
            }
            return list;
        }
        if (value instanceof Enum)
        {
            return ((Enum<?>)value).name();
        }
        return value;
    }

    private static Object accessor(final RecordComponent component, final Object record)
    {
        try
        {
            return component.getAccessor().invoke(record);
        }
        catch (final IllegalAccessException | InvocationTargetException ex)
        {
            throw new IllegalStateException("cannot read " + component.getName() + " of " + record.getClass(), ex);
        }
    }

    private static Object fromTree(final Object value, final Type type, final String path)
    {
        final Class<?> raw = type instanceof ParameterizedType ?
            (Class<?>)((ParameterizedType)type).getRawType() : (Class<?>)type;
        if (double.class == raw)
        {
            return null == value ? Double.NaN : number(value, path);
        }
        if (null == value)
        {
            if (raw.isPrimitive())
            {
                throw new IllegalArgumentException(path + " is missing");
            }
            return null;
        }
        if (int.class == raw)
        {
            return (int)number(value, path);
        }
        if (String.class == raw)
        {
            return string(value, path);
        }
        if (raw.isEnum())
        {
            return enumValue(raw, string(value, path), path);
        }
        if (List.class == raw)
        {
            if (!(value instanceof List))
            {
                throw new IllegalArgumentException(path + " must be an array");
            }
            final Type element = ((ParameterizedType)type).getActualTypeArguments()[0];
            final List<Object> list = new ArrayList<>();
            int index = 0;
            for (final Object item : (List<?>)value)
            {
                list.add(fromTree(item, element, path + "[" + index++ + "]"));
            }
            return List.copyOf(list);
        }
        if (raw.isRecord() || raw.isSealed())
        {
            return record(value, raw, path);
        }
        throw new IllegalStateException("no JSON form for " + type + " at " + path);
    }

    private static Object record(final Object value, final Class<?> declared, final String path)
    {
        if (!(value instanceof Map))
        {
            throw new IllegalArgumentException(path + " must be an object");
        }
        final Map<?, ?> object = (Map<?, ?>)value;
        Class<?> type = declared;
        if (declared.isSealed())
        {
            final Object name = object.get(TYPE_FIELD);
            type = null;
            for (final Class<?> permitted : declared.getPermittedSubclasses())
            {
                if (permitted.getSimpleName().equals(name))
                {
                    type = permitted;
                }
            }
            if (null == type)
            {
                throw new IllegalArgumentException(path + "." + TYPE_FIELD + " must name a kind of " +
                    declared.getSimpleName() + ": " + name);
            }
        }
        final RecordComponent[] components = type.getRecordComponents();
        final Class<?>[] types = new Class<?>[components.length];
        final Object[] arguments = new Object[components.length];
        for (int i = 0; i < components.length; i++)
        {
            types[i] = components[i].getType();
            arguments[i] = fromTree(object.get(components[i].getName()), components[i].getGenericType(),
                path + "." + components[i].getName());
        }
        try
        {
            final Constructor<?> constructor = type.getDeclaredConstructor(types);
            return constructor.newInstance(arguments);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException("cannot make a " + type.getSimpleName() + " at " + path, ex);
        }
    }

    private static double number(final Object value, final String path)
    {
        if (!(value instanceof Number))
        {
            throw new IllegalArgumentException(path + " must be a number: " + value);
        }
        return ((Number)value).doubleValue();
    }

    private static String string(final Object value, final String path)
    {
        if (!(value instanceof String))
        {
            throw new IllegalArgumentException(path + " must be a string: " + value);
        }
        return (String)value;
    }

    private static Object enumValue(final Class<?> type, final String name, final String path)
    {
        for (final Object constant : type.getEnumConstants())
        {
            if (((Enum<?>)constant).name().equals(name))
            {
                return constant;
            }
        }
        throw new IllegalArgumentException(path + " must be one of " + List.of(type.getEnumConstants()) + ": " +
            name);
    }
}
