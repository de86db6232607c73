package dk.cardoffice.app.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Who may do what over HTTP. Operators use the operations API with HTTP Basic (role OPERATOR);
 * the console (later) logs in with a form; Actuator health is open for load balancers and monitors.
 * API callers get RFC 9457 problem documents, never a redirect to a login page.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class SecurityConfiguration {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Basic realm=\"cardoffice\"");
            problem(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized", "Log in with HTTP Basic as a configured user.");
        };
        AccessDeniedHandler forbidden = (request, response, e) ->
                problem(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden", "Your user does not have the role this call needs.");
        PathPatternRequestMatcher api = PathPatternRequestMatcher.withDefaults().matcher("/api/**");

        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs/**").permitAll()
                        // finance reads its reports; operators may fetch them for finance
                        .requestMatchers(HttpMethod.GET, "/api/v1/ops/reports", "/api/v1/ops/reports/**").hasAnyRole("FINANCE", "OPERATOR")
                        .requestMatchers("/api/v1/ops/**").hasRole("OPERATOR")
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
                .formLogin(Customizer.withDefaults())
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(unauthorized, api)
                        .defaultAccessDeniedHandlerFor(forbidden, api))
                .csrf(csrf -> csrf.ignoringRequestMatchers(api));
        return http.build();
    }

    /**
     * No tracing spans around each security filter: nothing here collects traces, and the wrapping
     * cost about a fifth of the portal's request CPU (docs/performance.md).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    UserDetailsService userDetailsService(SecurityUsersProperties properties) {
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
        for (SecurityUsersProperties.User user : properties.users()) {
            users.createUser(User.withUsername(user.name()).password(user.password()).roles(user.roleNames()).build());
        }
        return users;
    }

    /** Reads {bcrypt}, {noop} and the other {id} forms of contract §12. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    private static void problem(HttpServletResponse response, int status, String title, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}");
    }
}
