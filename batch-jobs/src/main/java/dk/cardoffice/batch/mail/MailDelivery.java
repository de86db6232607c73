package dk.cardoffice.batch.mail;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;


/**
 * Sends the queued e-mail, a page at a time; the page is marked delivered once it is sent. A crash in
 * between leaves the page pending, and the .eml sender does not write a message twice.
 */
public class MailDelivery implements Tasklet {

    private static final int PAGE = 200;

    private final MailOutbox outbox;
    private final MailSender sender;
    public MailDelivery(MailOutbox outbox, MailSender sender) {
        this.outbox = outbox;
        this.sender = sender;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        var page = outbox.pending(PAGE);
        java.util.List<Long> sent = new java.util.ArrayList<>(page.size());
        for (MailOutbox.Message message : page) {
            sender.send(message);
            sent.add(message.id());
            contribution.incrementWriteCount(1);
        }
        // the page is marked in one statement, committed with the step's chunk: a crash before leaves the page pending,
        // and what was sent of it is not sent again (the .eml sender sees its files; SMTP: see docs/operations.md)
        outbox.delivered(sent);
        // each page commits on its own; the step runs again while mail is waiting
        return page.size() == PAGE ? RepeatStatus.CONTINUABLE : RepeatStatus.FINISHED;
    }
}
