package dk.cardoffice.app.web;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dk.cardoffice.batch.mail.MailOutbox;

/** The mail outbox for operators (operations API, role OPERATOR): messages that failed for good, then those waiting to be retried. */
@RestController
@RequestMapping("/api/v1/ops/mail")
public class MailOperationsController {

    private final MailOutbox outbox;

    public MailOperationsController(MailOutbox outbox) {
        this.outbox = outbox;
    }

    @GetMapping("/undelivered")
    public List<MailOutbox.Undelivered> undelivered(@RequestParam(defaultValue = "500") int limit) {
        return outbox.undelivered(limit);
    }
}
