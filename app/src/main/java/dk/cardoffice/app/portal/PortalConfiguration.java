package dk.cardoffice.app.portal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.transaction.PlatformTransactionManager;

import dk.cardoffice.batch.CardofficeProperties;
import dk.cardoffice.ledger.Accounts;
import dk.cardoffice.ledger.Ledger;
import dk.cardoffice.ledger.card.Cards;
import dk.cardoffice.ledger.member.CprProtector;
import dk.cardoffice.ledger.portal.AccountViews;
import dk.cardoffice.ledger.portal.AutoTopups;
import dk.cardoffice.ledger.portal.CardActions;
import dk.cardoffice.ledger.portal.DailyLimits;
import dk.cardoffice.ledger.portal.GuardianLinks;
import dk.cardoffice.ledger.portal.Statements;
import dk.cardoffice.ledger.portal.Deposits;
import dk.cardoffice.ledger.portal.PortalPostingWriter;
import dk.cardoffice.ledger.MovementWriter;
import dk.cardoffice.ledger.portal.Withdrawals;
import tools.jackson.databind.json.JsonMapper;

/** The portal API: its own security chain (X-Api-Key, stateless) and the ledger commands it calls. */
@Configuration(proxyBeanMethods = false)
public class PortalConfiguration {

    /** How long a deposit or withdrawal waits for the group commit to take it before it is written on its own. */
    static final java.time.Duration GROUP_COMMIT_PATIENCE = java.time.Duration.ofSeconds(30);

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class PortalSecurity {

        /** Ahead of the operators' chain: every /api/v1 path but /api/v1/ops is the portal's. */
        @Bean
        @Order(1)
        SecurityFilterChain portalSecurity(HttpSecurity http, CardofficeProperties properties) throws Exception {
            http.securityMatcher(request -> {
                        String path = request.getRequestURI().substring(request.getContextPath().length());
                        return path.startsWith("/api/v1/") && !path.startsWith("/api/v1/ops/");
                    })
                    .authorizeHttpRequests(auth -> auth.anyRequest().hasRole("PORTAL"))
                    .addFilterBefore(new ApiKeyFilter(new ApiKeys(properties.portal().apiKeys())), AuthorizationFilter.class)
                    .addFilterAfter(new RequestSizeLimit(), ApiKeyFilter.class)
                    .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                    // a machine caller with a key: no anonymous user, saved requests or logout on this chain
                    // (each filter costs on the busiest path of the service, see docs/performance.md)
                    .anonymous(anonymous -> anonymous.disable())
                    .requestCache(cache -> cache.disable())
                    .logout(logout -> logout.disable())
                    .csrf(csrf -> csrf.disable());
            return http.build();
        }
    }

    @Bean
    IdempotentCalls idempotentCalls(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, JsonMapper json, PortalProblems problems) {
        return new IdempotentCalls(jdbc, transactionManager, json, problems);
    }

    @Bean
    GroupCommit groupCommit(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, PortalPostingWriter postings,
            IdempotentCalls oneByOne, JsonMapper json, PortalProblems problems, java.time.Clock clock) {
        return new GroupCommit(jdbc, transactionManager, postings, oneByOne, json, problems, clock, GROUP_COMMIT_PATIENCE);
    }

    @Bean
    PortalPostingWriter portalPostingWriter(JdbcTemplate jdbc, Accounts accounts, MovementWriter movements, CardofficeProperties properties) {
        return new PortalPostingWriter(jdbc, accounts, movements, properties.portal().maxDepositOre(), properties.portal().maxBalanceOre());
    }

    @Bean
    Deposits deposits(PortalPostingWriter writer) {
        return new Deposits(writer);
    }

    @Bean
    Withdrawals withdrawals(JdbcTemplate jdbc, Ledger ledger, Accounts accounts, PortalPostingWriter writer) {
        return new Withdrawals(jdbc, ledger, accounts, writer);
    }

    @Bean
    AccountViews accountViews(JdbcTemplate jdbc) {
        return new AccountViews(jdbc);
    }

    @Bean
    CardActions cardActions(JdbcTemplate jdbc, Ledger ledger, Accounts accounts, Cards cards, CardofficeProperties properties) {
        return new CardActions(jdbc, ledger, accounts, cards, properties.portal().replacementFeeOre());
    }

    @Bean
    DailyLimits dailyLimits(JdbcTemplate jdbc, Accounts accounts) {
        return new DailyLimits(jdbc, accounts);
    }

    @Bean
    GuardianLinks guardianLinks(JdbcTemplate jdbc, CprProtector cprs) {
        return new GuardianLinks(jdbc, cprs);
    }

    @Bean
    AutoTopups autoTopups(JdbcTemplate jdbc, Accounts accounts, CardofficeProperties properties) {
        return new AutoTopups(jdbc, accounts, properties.portal().maxDepositOre(), properties.portal().maxBalanceOre());
    }

    @Bean
    Statements statements(JdbcTemplate jdbc, Accounts accounts) {
        return new Statements(jdbc, accounts);
    }
}
