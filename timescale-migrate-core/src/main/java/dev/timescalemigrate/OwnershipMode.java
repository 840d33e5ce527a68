package dev.timescalemigrate;

/**
 * Whether owners and privileges (GRANTs, revoked defaults) are recreated on the target, by the strategies that
 * carry them (the whole-database strategy). Set with {@link Migration.Builder#ownership(OwnershipMode)} or
 * {@link Migration.Builder#ownership(boolean)}; read with {@link MigrationConfig#ownership()}.
 */
public enum OwnershipMode {

    /**
     * The default: recreated when every role they name (after {@link MigrationConfig#roleMap()}) exists on the
     * target and the target's user can take on every owner; otherwise left out with a warning naming the roles.
     */
    AUTO,

    /**
     * Recreated; the preflight stops when a role is missing on the target or the target's user cannot take it on
     * ({@code ownership(true)}, {@code --ownership}).
     */
    REQUIRED,

    /** Left out ({@code ownership(false)}, {@code --no-ownership}). */
    SKIPPED
}
