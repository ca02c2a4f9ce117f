package io.jenkins.plugins.cdpipelines.board;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The boards name a build as people do, from the externalizable id the ledger records (or an earlier URL). */
class BuildNameTest {

    @Test
    void buildUrlsReadAsFolderJobAndNumber() {
        assertEquals("shop » cart #1", EnvironmentBoard.BoardEntry.buildName("job/shop/job/cart/1/"));
        assertEquals("team a » my cart+x #12",
                EnvironmentBoard.BoardEntry.buildName("job/team%20a/job/my%20cart+x/12/"));
        assertEquals("cart #3", EnvironmentBoard.BoardEntry.buildName("job/cart/3"));
        assertEquals("", EnvironmentBoard.BoardEntry.buildName(""));
        assertEquals("cdp", EnvironmentBoard.BoardEntry.buildName("cdp"));
        assertEquals("shop » cart #7", EnvironmentBoard.BoardEntry.buildName("shop/cart#7"));
        assertEquals("team a » my cart+x #12", EnvironmentBoard.BoardEntry.buildName("team a/my cart+x#12"));
        assertEquals("ci#main", EnvironmentBoard.BoardEntry.buildName("ci#main"));
    }
}
