package org.fdtserver.transaction.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The transaction binding's configuration (Config Admin PID {@value #PID}); the launcher's config
 * fills it. The property names are the worker's framework properties without their {@code fdt.}
 * prefix (see {@link ConfigSeeder}); a method name maps to its property as OSGi Compendium
 * 112.8.2.2 says: {@code _} becomes {@code .} and {@code __} becomes {@code _}.
 */
@ObjectClassDefinition(name = "fdtserver transactions", description = "The database of connection-bound transactions")
@interface TransactionConfig {

    /** The configuration PID. */
    String PID = "org.fdtserver.transaction";

    @AttributeDefinition(description = "JDBC URL of the PostgreSQL database, e.g. jdbc:postgresql://127.0.0.1:5432/app")
    String database_url();

    @AttributeDefinition(description = "database user")
    String database_user() default "postgres";

    @AttributeDefinition(description = "database password", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String database_password() default "";

    @AttributeDefinition(description = "database connections per worker")
    int database_pool__size() default 8;

    @AttributeDefinition(description = "an ACTIVE branch older than this is rolled back and its connection closed, in ms")
    long transaction_timeout__ms() default 60_000;

    @AttributeDefinition(description = "prepared branches older than this are logged as a warning, in ms")
    long transaction_indoubt__warning__ms() default 300_000;

    @AttributeDefinition(description = "id of the worker, part of every branch id")
    String worker_id() default "0.0";

    @AttributeDefinition(description = "generation of the worker")
    long generation() default 0;
}
