package dk.cardoffice.ledger.portal;

import java.util.List;

import dk.cardoffice.ledger.Accounts;

/**
 * A portal request that is refused for a business reason (422) or because what it names does not
 * exist (404), with the fields that were wrong and what to do.
 */
public class PortalRefusal extends RuntimeException {

    public enum Kind { NOT_FOUND, UNPROCESSABLE }

    public record FieldProblem(String field, String message) {
    }

    private final Kind kind;
    private final List<FieldProblem> problems;

    public PortalRefusal(Kind kind, String message, List<FieldProblem> problems) {
        super(message);
        this.kind = kind;
        this.problems = List.copyOf(problems);
    }

    public static PortalRefusal unprocessable(String field, String message) {
        return new PortalRefusal(Kind.UNPROCESSABLE, message, List.of(new FieldProblem(field, message)));
    }

    public static PortalRefusal notFound(String message) {
        return new PortalRefusal(Kind.NOT_FOUND, message, List.of());
    }

    /** The member account a portal path names, or a 404 refusal. */
    public static Accounts.MemberAccount requireAccount(Accounts accounts, String accountNo) {
        return accounts.findMemberAccount(accountNo).orElseThrow(() -> notFound("there is no account " + accountNo));
    }

    public Kind kind() {
        return kind;
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
