package io.jenkins.plugins.cdpipelines.board;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The boards name a build as people do, from the externalizable id the ledger records (or an earlier URL). */
class BuildNameTest {

    @Test
    void buildUrlsReadAsFolderJobAndNumber() {
        assertEquals("shop » cart #1", BoardEntry.buildName("job/shop/job/cart/1/"));
        assertEquals("team a » my cart+x #12",
                BoardEntry.buildName("job/team%20a/job/my%20cart+x/12/"));
        assertEquals("cart #3", BoardEntry.buildName("job/cart/3"));
        assertEquals("", BoardEntry.buildName(""));
        assertEquals("cdp", BoardEntry.buildName("cdp"));
        assertEquals("shop » cart #7", BoardEntry.buildName("shop/cart#7"));
        assertEquals("team a » my cart+x #12", BoardEntry.buildName("team a/my cart+x#12"));
        assertEquals("ci#main", BoardEntry.buildName("ci#main"));
    }
}
