/** The rpc suite of the kit: rpc behaviour that must hold on any transport. */
package dev.qtalk.tck.rpc;
