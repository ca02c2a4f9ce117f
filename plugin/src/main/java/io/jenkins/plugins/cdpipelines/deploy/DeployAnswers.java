package io.jenkins.plugins.cdpipelines.deploy;

import hudson.model.Item;
import io.cdpipelines.deploy.DeployRequestException;
import io.cdpipelines.driver.DataPlaneUnreachableException;
import io.cdpipelines.ledger.LedgerException;
import io.cdpipelines.model.InvalidInputException;
import io.cdpipelines.model.RuleViolationException;
import io.cdpipelines.view.ViewJson;
import jakarta.servlet.http.HttpServletResponse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.springframework.security.access.AccessDeniedException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How the Deploy action answers, as cdp console does: the result as JSON (a read with an ETag, so that polling costs a
 * 304), a refusal as {"error": words} with its 4xx, never a stack trace.
 */
final class DeployAnswers {
    private DeployAnswers() {
    }

    /** Answers {@code call} to those who may read {@code item} (Item/Read), a 403 in words to others. */
    static void forReaders(Item item, StaplerRequest2 req, StaplerResponse2 rsp, boolean read, Supplier<Object> call)
            throws IOException {
        json(req, rsp, read, () -> {
            item.checkPermission(Item.READ);
            return call.get();
        });
    }

    static void json(StaplerRequest2 req, StaplerResponse2 rsp, boolean read, Supplier<Object> call)
            throws IOException {
        int status;
        String body;
        try {
            body = ViewJson.write(call.get());
            status = HttpServletResponse.SC_OK;
        } catch (DeployRequestException e) {
            status = e.status();
            body = error(e.getMessage());
        } catch (InvalidInputException e) {
            status = HttpServletResponse.SC_BAD_REQUEST;
            body = error(e.getMessage());
        } catch (RuleViolationException e) {
            status = HttpServletResponse.SC_CONFLICT;
            body = error(e.getMessage());
        } catch (AccessDeniedException e) {
            status = HttpServletResponse.SC_FORBIDDEN;
            body = error(e.getMessage());
        } catch (LedgerException | DataPlaneUnreachableException e) {
            status = HttpServletResponse.SC_SERVICE_UNAVAILABLE;
            body = error(e.getMessage());
        }
        rsp.setContentType("application/json;charset=UTF-8");
        rsp.setHeader("Cache-Control", "no-cache");
        if (read && status == HttpServletResponse.SC_OK) {
            String etag = ViewJson.etag(body);
            rsp.setHeader("ETag", etag);
            if (etag.equals(req.getHeader("If-None-Match"))) {
                rsp.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
                return;
            }
        }
        rsp.setStatus(status);
        rsp.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String error(String message) {
        return ViewJson.write(Map.of("error", message == null ? "refused" : message));
    }
}
