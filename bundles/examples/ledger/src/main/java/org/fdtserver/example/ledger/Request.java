package org.fdtserver.example.ledger;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One parsed request line of the ledger protocol: a verb and its checked arguments.
 *
 * @param verb the verb, upper case
 * @param args the arguments as given
 */
record Request(Verb verb, List<String> args) {

    /** The verbs, with how many arguments each takes (min, max). */
    enum Verb {
        BEGIN(0, 1), CREDIT(2, 2), DEBIT(2, 2), TRANSFER(3, 3), BALANCE(1, 1), PREPARE(0, 0), COMMIT(0, 0),
        ROLLBACK(0, 0), RECOVER(0, 0), COMMIT_PREPARED(1, 1), ROLLBACK_PREPARED(1, 1), STATE(0, 0), PANIC(0, 0);

        final int min;
        final int max;

        Verb(int min, int max) {
            this.min = min;
            this.max = max;
        }

        String wire() {
            return name().replace('_', '-');
        }
    }

    /** A line that is not a request; the message is for the client. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** ASCII digits only: Long.parseLong also takes a sign and every Unicode digit (full-width, Arabic-Indic, ...). */
    private static final Pattern CENTS = Pattern.compile("[0-9]{1,19}");

    /**
     * @param line a request line
     * @return the request
     * @throws BadRequest naming what is wrong
     */
    static Request parse(String line) throws BadRequest {
        String[] words = line.trim().split("\\s+");
        if (words.length == 0 || words[0].isEmpty()) {
            throw new BadRequest("empty line; expected a verb such as BEGIN, TRANSFER, PREPARE or COMMIT");
        }
        Verb verb;
        try {
            verb = Verb.valueOf(words[0].toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new BadRequest("unknown verb '" + words[0] + "'");
        }
        List<String> args = List.of(words).subList(1, words.length);
        if (args.size() < verb.min || args.size() > verb.max) {
            throw new BadRequest(verb.wire() + " takes " + (verb.min == verb.max ? "" + verb.min : verb.min + " or " + verb.max)
                    + " argument(s), got " + args.size());
        }
        Request request = new Request(verb, args);
        switch (verb) {
            case CREDIT, DEBIT -> {
                request.account(0);
                request.cents(1);
            }
            case TRANSFER -> {
                request.account(0);
                request.account(1);
                request.cents(2);
                if (args.get(0).equals(args.get(1))) {
                    throw new BadRequest("TRANSFER needs two different accounts");
                }
            }
            case BALANCE -> request.account(0);
            default -> {
                // ids are checked by the transaction service
            }
        }
        return request;
    }

    String account(int i) throws BadRequest {
        String a = args.get(i);
        if (!ACCOUNT.matcher(a).matches()) {
            throw new BadRequest("an account name is 1 to 64 of A-Z a-z 0-9 . _ -, got '" + a + "'");
        }
        return a;
    }

    long cents(int i) throws BadRequest {
        String v = args.get(i);
        if (CENTS.matcher(v).matches()) {
            try {
                long cents = Long.parseLong(v);
                if (cents > 0) {
                    return cents;
                }
            } catch (NumberFormatException e) {
                // above Long.MAX_VALUE: below
            }
        }
        throw new BadRequest("an amount is a whole number of cents > 0, got '" + v + "'");
    }
}
