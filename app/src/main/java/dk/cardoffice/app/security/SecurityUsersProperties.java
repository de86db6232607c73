package dk.cardoffice.app.security;

import java.util.Arrays;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cardoffice.security.users[i].name/.password/.roles} (contract §12): the people who use the
 * console and the operations API. Passwords in Spring Security's {@code {id}} form.
 */
@ConfigurationProperties("cardoffice.security")
public record SecurityUsersProperties(@DefaultValue List<User> users) {

    public record User(String name, String password, String roles) {

        /** Roles as written in configuration ("OPERATOR, FINANCE"), without any ROLE_ prefix. */
        public String[] roleNames() {
            return roles == null ? new String[0]
                    : Arrays.stream(roles.split(",")).map(String::trim).filter(r -> !r.isEmpty())
                            .map(r -> r.startsWith("ROLE_") ? r.substring(5) : r).toArray(String[]::new);
        }
    }
}
