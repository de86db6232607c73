package dk.cardoffice.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * What handing messages to a local SMTP server costs on its own, without cardoffice: one statement-sized message
 * (text + HTML, ≈ 6 KB) sent {@code messages} times to different recipients over {@code connections} connections, to
 * GreenMail (as the statements benchmark does) or to a sink that only answers the protocol. The floor under the
 * statements benchmark's delivery figure.
 *
 * <pre>java -Xmx512m -jar bench/target/cardoffice-bench.jar smtp-floor [messages=20000] [connections=1] [greenmail|sink] [built|raw]</pre>
 */
public final class SmtpFloorBenchmark {

    private SmtpFloorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        String server = args.length > 2 ? args[2] : "greenmail";
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        GreenMail greenMail = null;
        ServerSocket sink = null;
        if (server.equals("greenmail")) {
            greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            greenMail.start();
        } else {
            sink = sink(port);
        }
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", String.valueOf(port));
        Session session = Session.getInstance(properties);
        MimeMessage built = statementSized(session);
        // "raw": the message parsed back from its bytes, as one rendered once and stored would be; JavaMail then writes the bytes
        // as they are instead of encoding the parts again on every send
        boolean raw = args.length > 3 && args[3].equals("raw");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        built.writeTo(bytes);
        MimeMessage message = raw ? new MimeMessage(session, new java.io.ByteArrayInputStream(bytes.toByteArray())) : built;
        AtomicLong sent = new AtomicLong();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int lane = c;
            threads.add(started(() -> {
                try (Transport transport = session.getTransport("smtp")) {
                    transport.connect();
                    for (int i = lane; i < messages; i += connections) {
                        transport.sendMessage(message, new InternetAddress[] {new InternetAddress("mette" + (Boolean.getBoolean("floor.oneRecipient") ? 0 : i) + "@example.dk")});
                        sent.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("smtp-floor: %,d messages of %,d bytes (%s) over %d connection(s) to %s in %.1f s = %,.0f messages/s%n", sent.get(),
                bytes.size(), raw ? "raw" : "built", connections, server, seconds, sent.get() / seconds);
        if (greenMail != null) {
            greenMail.stop();
        }
        if (sink != null) {
            sink.close();
        }
    }

    private static MimeMessage statementSized(Session session) throws Exception {
        StringBuilder text = new StringBuilder("Kontoudtog for Søren Ærø, konto 10000001\n\nPrimo saldo: kr. 12,00\n\n");
        StringBuilder html = new StringBuilder("<html><body><h1>Kontoudtog for Søren Ærø</h1><table>");
        for (int i = 0; i < 12; i++) {
            text.append("11:42  Køb  1x Ostehøps 3,00 1x Yoghurt 6,00 1x Stor Grovbolle 5,00  Roskilde Lilleskole  -14,00  kr. 135,50\n");
            html.append("<tr><td>11:42</td><td>Køb</td><td>1x Ostehøps 3,00<br>1x Yoghurt 6,00<br>1x Stor Grovbolle 5,00</td>")
                    .append("<td>Roskilde Lilleskole</td><td style=\"text-align:right\">-14,00</td><td style=\"text-align:right\">kr. 135,50</td></tr>\n");
        }
        html.append("</table></body></html>");
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("kontoudtog@cardoffice.example.dk"));
        message.setSubject("Kontoudtog for Søren Ærø", "UTF-8");
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart textPart = new MimeBodyPart();
        textPart.setText(text.toString(), "UTF-8");
        MimeBodyPart htmlPart = new MimeBodyPart();
        htmlPart.setText(html.toString(), "UTF-8", "html");
        alternative.addBodyPart(textPart);
        alternative.addBodyPart(htmlPart);
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }

    /** An SMTP server that answers every command and keeps nothing. */
    private static ServerSocket sink(int port) throws IOException {
        ServerSocket server = new ServerSocket(port);
        daemon(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    daemon(() -> converse(socket));
                } catch (IOException closed) {
                    return;
                }
            }
        });
        return server;
    }

    private static void converse(Socket socket) {
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1), 64 * 1024)) {
            OutputStream out = socket.getOutputStream();
            out.write("220 sink\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String line;
            boolean data = false;
            while ((line = in.readLine()) != null) {
                String reply = null;
                if (data) {
                    if (line.equals(".")) {
                        data = false;
                        reply = "250 ok";
                    }
                } else if (line.regionMatches(true, 0, "DATA", 0, 4)) {
                    data = true;
                    reply = "354 go";
                } else if (line.regionMatches(true, 0, "EHLO", 0, 4)) {
                    reply = "250-sink\r\n250 8BITMIME";
                } else if (line.regionMatches(true, 0, "QUIT", 0, 4)) {
                    out.write("221 bye\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    return;
                } else {
                    reply = "250 ok";
                }
                if (reply != null) {
                    out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
        } catch (IOException gone) {
            // the client went away
        }
    }

    private static Thread started(Runnable work) {
        Thread thread = new Thread(work);
        thread.start();
        return thread;
    }

    private static void daemon(Runnable work) {
        Thread thread = new Thread(work);
        thread.setDaemon(true);
        thread.start();
    }
}
