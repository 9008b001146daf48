package org.facemat.train.cli;

import org.facemat.cli.HelpOnEveryCommandTest;

/** The command line's help checks, run with the trainer installed: the training commands and their subcommands too. */
class TrainingHelpTest extends HelpOnEveryCommandTest {
}
