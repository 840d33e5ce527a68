package dev.timescalemigrate.internal;

import dev.timescalemigrate.Passwords;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** A minimal {@link DataSource} over {@link DriverManager} for a URL, user and password. Never prints the password. */
public final class DriverManagerDataSource implements DataSource {

    private final String url;
    private final String user;
    private final char[] password;

    public DriverManagerDataSource(String url, String user, String password) {
        this.url = Objects.requireNonNull(url, "url");
        this.user = user;
        this.password = password == null ? null : password.toCharArray();
    }

    /** The URL with any password masked. */
    public String maskedUrl() {
        return Passwords.mask(url);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(new Properties());
    }

    /** A connection with driver properties of the caller's added (e.g. a replication connection's). */
    public Connection getConnection(Properties extra) throws SQLException {
        Properties props = new Properties();
        props.putAll(extra);
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", new String(password));
        }
        return DriverManager.getConnection(url, props);
    }

    @Override
    public Connection getConnection(String username, String pass) throws SQLException {
        return new DriverManagerDataSource(url, username, pass).getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // not used
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // the driver's own settings apply
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public String toString() {
        return "DriverManagerDataSource[" + maskedUrl() + (user == null ? "" : ", user=" + user)
                + (password == null ? "" : ", password=***") + "]";
    }
}
