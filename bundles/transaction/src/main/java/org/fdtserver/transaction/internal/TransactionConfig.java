package org.fdtserver.transaction.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The transaction binding's configuration (Config Admin PID {@value #PID}), which the worker
 * runtime writes from the launcher's settings before application bundles start. No attribute has
 * a default: the launcher's key catalogue holds them, and {@link Database} requires its
 * configuration. A method name maps to its property as OSGi Compendium 112.8.2.2 says: {@code _}
 * becomes {@code .} and {@code __} becomes {@code _}.
 */
@ObjectClassDefinition(name = "fdtserver transactions", description = "The database of connection-bound transactions")
@interface TransactionConfig {

    /** The configuration PID. */
    String PID = "org.fdtserver.transaction";

    @AttributeDefinition(description = "JDBC URL of the PostgreSQL database, e.g. jdbc:postgresql://127.0.0.1:5432/app")
    String database_url();

    @AttributeDefinition(description = "database user")
    String database_user();

    @AttributeDefinition(description = "database password", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String database_password();

    @AttributeDefinition(description = "database connections per worker")
    int database_pool__size();

    @AttributeDefinition(description = "an ACTIVE branch older than this is rolled back and its connection closed, in ms")
    long transaction_timeout__ms();

    @AttributeDefinition(description = "prepared branches older than this are logged as a warning, in ms")
    long transaction_indoubt__warning__ms();

    @AttributeDefinition(description = "id of the worker, part of every branch id")
    String worker_id();

    @AttributeDefinition(description = "generation of the worker")
    long generation();
}
