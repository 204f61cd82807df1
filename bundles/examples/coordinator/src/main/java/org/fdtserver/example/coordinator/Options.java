package org.fdtserver.example.coordinator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's options ({@code --name value}, or a bare {@code --flag}) and its other arguments,
 * checked against the options that command knows; typed getters name the option in errors.
 */
final class Options {

    private final Map<String, String> values = new HashMap<>();
    private final List<String> positional = new ArrayList<>();

    /**
     * @param args the arguments after the command
     * @param withValue the options that take a value
     * @param flags the options that take none
     * @throws UsageException for an unknown option or one missing its value
     */
    Options(List<String> args, Set<String> withValue, Set<String> flags) throws UsageException {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                positional.add(a);
            } else if (flags.contains(a)) {
                values.put(a, "true");
            } else if (withValue.contains(a)) {
                if (i + 1 >= args.size()) {
                    throw new UsageException(a + " needs a value");
                }
                if (values.put(a, args.get(++i)) != null) {
                    throw new UsageException(a + " given twice");
                }
            } else {
                throw new UsageException("unknown option " + a);
            }
        }
    }

    /** @return the arguments that are not options, in order */
    List<String> positional() {
        return positional;
    }

    /** @return the option's value, or null */
    String get(String option) {
        return values.get(option);
    }

    /** @return whether the flag was given */
    boolean flag(String option) {
        return values.containsKey(option);
    }

    /** @return the option's value; it must be given */
    String required(String option) throws UsageException {
        String v = values.get(option);
        if (v == null) {
            throw new UsageException(option + " is required");
        }
        return v;
    }

    /**
     * @return the option as a number in [min, max], or the default when not given
     * @throws UsageException if it is not such a number
     */
    long number(String option, long dflt, long min, long max) throws UsageException {
        String v = values.get(option);
        if (v == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new UsageException(option + " must be a whole number from " + min + " to " + max + ", got '" + v + "'");
    }
}
