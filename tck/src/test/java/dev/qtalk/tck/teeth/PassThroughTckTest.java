package dev.qtalk.tck.teeth;

/**
 * The whole kit on mem through the wrappers that the broken transports use, with no fault: every
 * rule passes, so a rule that fails on a broken transport fails because of its fault.
 */
class PassThroughTckTest extends Broken.PassThrough {}
