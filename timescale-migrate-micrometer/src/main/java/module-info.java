/**
 * The optional Micrometer binding of timescale-migrate: {@link dev.timescalemigrate.micrometer.MicrometerListener}
 * records a migration's figures as meters.
 */
// "requires-transitive-automatic": micrometer-core has no module descriptor, only the module name its jar declares.
@SuppressWarnings("requires-transitive-automatic")
module dev.timescalemigrate.micrometer {
    requires transitive dev.timescalemigrate.core;
    requires transitive micrometer.core;

    exports dev.timescalemigrate.micrometer;
}
